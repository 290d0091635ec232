"""The command line: exit status, the major-version exception, and the three output formats."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sendmux_spec import write_yaml
from tools.specdiff.specdiff import Report, Side

from .conftest import FIXTURES, SPECDIFF, load

BASE = load(FIXTURES / "rules-base.yaml")


def write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(write_yaml(spec), encoding="utf-8")
    return path


def edited(version: str, *, breaking: bool) -> dict[str, Any]:
    """The rules base at `version`, with a new value in a closed response enum (breaking) or a new optional
    request field (compatible)."""
    spec = copy.deepcopy(BASE)
    spec["info"]["version"] = version
    if breaking:
        spec["components"]["schemas"]["Shape"]["enum"].append("triangle")
    else:
        spec["components"]["schemas"]["ThingCreateBody"]["properties"]["note"] = {"type": "string"}
    return spec


def specdiff(tmp_path: Path, new: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    base_file = write(tmp_path / "base.yaml", BASE)
    new_file = write(tmp_path / "new.yaml", new)
    return subprocess.run(
        [sys.executable, str(SPECDIFF / "specdiff.py"), str(base_file), str(new_file), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("version", "breaking", "exit_code"),
    [
        ("1.0.0", True, 1),
        ("1.1.0", True, 1),
        ("2.0.0", True, 0),
        ("1.1.0", False, 0),
    ],
)
def test_exit_status_follows_breaking_changes_and_the_major_version(
    tmp_path: Path, version: str, breaking: bool, exit_code: int
) -> None:
    result = specdiff(tmp_path, edited(version, breaking=breaking), "--json")
    assert result.returncode == exit_code, result.stderr
    assert json.loads(result.stdout)["exit_code"] == exit_code


def test_json_report(tmp_path: Path) -> None:
    result = specdiff(tmp_path, edited("2.0.0", breaking=True), "--json", "--base-label", "v1.0.0")
    report = json.loads(result.stdout)

    assert report["base"] == {"label": "v1.0.0", "version": "1.0.0"}
    assert report["new"]["version"] == "2.0.0"
    assert report["major_version_raised"] is True
    assert report["summary"] == {"breaking": 3, "non-breaking": 0, "documentation": 0}
    assert {(c["operation_id"], c["location"]) for c in report["changes"]} == {
        ("createThing", "response 201 `shape`"),
        ("listThings", "response 200 `data[].shape`"),
        ("receiveThingChanged", "payload `shape`"),
    }
    first = next(c for c in report["changes"] if c["operation_id"] == "createThing")
    assert first == {
        "severity": "breaking",
        "rule": "response-enum-value-added-closed",
        "title": "new value in a closed response enum (old clients reject it)",
        "operation": "POST /things",
        "operation_id": "createThing",
        "location": "response 201 `shape`",
        "detail": "`triangle`",
        "differ_verdict": None,  # what a schema says is judged on its shape (shapes.py), not by api-smart-diff
        "differ_path": "/paths/~1things/post/responses/201/content/application~1json/schema/properties/shape/enum",
    }


def test_text_report(tmp_path: Path) -> None:
    result = specdiff(tmp_path, edited("1.0.1", breaking=True), "--base-label", "v1.0.0", "--new-label", "working tree")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "API 1.0.0 (v1.0.0) → 1.0.1 (working tree)",
        "",
        "Breaking: 3",
        "  new value in a closed response enum (old clients reject it): `triangle`",
        "      createThing                  response 201 `shape`",
        "      listThings                   response 200 `data[].shape`",
        "      receiveThingChanged          payload `shape`",
        "",
        "Non-breaking: none",
        "",
        "3 breaking changes, and info.version did not raise its major part (1.0.0 → 1.0.1): "
        "raise it, or make the change compatible.",
    ]


def test_markdown_report_for_the_changelog(tmp_path: Path) -> None:
    result = specdiff(tmp_path, edited("1.1.0", breaking=False), "--markdown")
    assert result.returncode == 0
    assert result.stdout == "#### Compatible\n\n- New optional request field `note`: `createThing`.\n"


def test_unreadable_input_is_exit_3(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("just a string\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(SPECDIFF / "specdiff.py"),
            str(tmp_path / "broken.yaml"),
            str(FIXTURES / "rules-base.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "is not an OpenAPI document" in result.stderr


@pytest.mark.parametrize(
    ("base", "new", "raised"),
    [("1.9.3", "10.0.0", True), ("1.0.0", "1.99.0", False), ("2.0.0", "1.0.0", False), ("1.0.0", "v2", True)],
)
def test_major_part_is_compared_as_a_number(base: str, new: str, raised: bool) -> None:
    assert Report(Side("a", base), Side("b", new), []).major_raised is raised


def test_a_dangling_reference_is_exit_3_naming_where(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    new["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Gone"
    }
    result = specdiff(tmp_path, new)
    assert result.returncode == 3
    assert "the new spec, POST /things request body: dangling reference '#/components/schemas/Gone'" in result.stderr
