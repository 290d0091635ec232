"""`make release` and the gate `make diff-check` against the last released spec, release/openapi.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sendmux_spec import read_yaml, write_yaml

from .scratch_repo import ROOT, run, scratch_repo
from .spec_changes import raised


def api_version(repo: Path) -> str:
    return str(read_yaml((repo / "openapi.yaml").read_text(encoding="utf-8"))["info"]["version"])


def test_the_released_spec_is_kept_in_the_repository() -> None:
    released = read_yaml((ROOT / "release" / "openapi.yaml").read_text(encoding="utf-8"))
    assert released["openapi"].startswith("3.1") and released["paths"]


@pytest.mark.slow
def test_a_fresh_clone_without_tags_fails_a_breaking_change_without_its_major_bump(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path / "repo")
    assert run(repo, "git", "tag").stdout == ""  # no release tag: the gate must not need one
    spec: dict[str, Any] = read_yaml((repo / "openapi.yaml").read_text(encoding="utf-8"))
    before = api_version(repo)
    del spec["components"]["schemas"]["WebhookSubscription"]["properties"]["failing"]
    spec["components"]["schemas"]["WebhookSubscription"]["required"].remove("failing")
    spec["info"]["version"] = raised(before, 1)
    (repo / "openapi.yaml").write_text(write_yaml(spec), encoding="utf-8")

    gate = run(repo, "make", "--no-print-directory", "diff-check", check=False)
    assert gate.returncode != 0, gate.stdout
    assert "removed response field: `failing`" in gate.stdout
    assert f"info.version did not raise its major part ({before} → {raised(before, 1)})" in gate.stdout
    refused = run(repo, "make", "--no-print-directory", "release", check=False)
    assert refused.returncode != 0 and "release: refused" in refused.stderr
    assert run(repo, "git", "status", "--porcelain").stdout.strip() == "M openapi.yaml"  # nothing written

    spec["info"]["version"] = raised(before, 0)
    (repo / "openapi.yaml").write_text(write_yaml(spec), encoding="utf-8")
    allowed = run(repo, "make", "--no-print-directory", "diff-check", check=False)
    assert allowed.returncode == 0, allowed.stdout
    assert f"allowed: info.version raised its major part ({before} → {raised(before, 0)})" in allowed.stdout


@pytest.mark.slow
def test_a_release_of_the_client_alone_is_the_next_client_revision(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path / "repo")
    done = run(repo, "make", "--no-print-directory", "release")
    version = read_yaml((repo / "openapi.yaml").read_text(encoding="utf-8"))["info"]["version"]
    assert f"release: {version} -> {version}.1" in done.stdout
    assert f'version = "{version}.1"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert f'__version__ = "{version}.1"' in (repo / "overlays" / "sendmux" / "_version.py").read_text()
    assert f'name = "sendmux"\nversion = "{version}.1"' in (repo / "uv.lock").read_text(encoding="utf-8")
    assert f"## {version}.1 — unreleased" in (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Nothing is committed or tagged" in done.stdout
    assert run(repo, "git", "log", "--oneline").stdout.count("\n") == 1 and run(repo, "git", "tag").stdout == ""
    again = run(repo, "make", "--no-print-directory", "release")
    assert f"{version}.1 -> {version}.2" in again.stdout


@pytest.mark.slow
def test_a_python_level_break_inside_an_api_minor_keeps_the_api_version_and_leads_the_changelog(
    tmp_path: Path,
) -> None:
    """A renamed component: the same JSON on the wire, one model name gone (codegen/MAINTAINING.md, Versions)."""
    repo = scratch_repo(tmp_path / "repo")
    before = api_version(repo)
    package = re.search(r'(?m)^version = "([^"]+)"', (repo / "pyproject.toml").read_text(encoding="utf-8"))
    assert package is not None
    after = raised(before, 1)
    text = (repo / "openapi.yaml").read_text(encoding="utf-8")
    renamed = text.replace("WebhookTestResult", "WebhookTestOutcome").replace(
        f"version: {before}", f"version: {after}", 1
    )
    (repo / "openapi.yaml").write_text(renamed, encoding="utf-8")
    run(repo, "make", "--no-print-directory", "generate")

    done = run(repo, "make", "--no-print-directory", "release")
    assert f"release: {package[1]} -> {after}" in done.stdout
    assert f"warning: Python-level break inside API {after}: sendmux_client.models.WebhookTestResult" in done.stdout
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog[changelog.index(f"## {after}") : changelog.index(f"## {package[1]}")]
    assert section.index("#### Breaking for Python code") < section.index("WebhookTestResult")
    assert f'version = "{after}"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
