"""`make lint-spec`: openapi.yaml passes; each trap in fixtures/ is found, named, and only where it is."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sendmux_spec import read_yaml, write_yaml
from tests.once import once_per_run

from .fixtures import make_fixtures

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPECLINT = ROOT / "tools" / "speclint"
SPECTRAL = SPECLINT / "node_modules" / ".bin" / "spectral"

# fixture -> (rule, JSON path of the trap, words the message must hold: the schema and the property path)
EXPECTED = {
    "allof-closed-member": (
        "sendmux-allof-closed-member",
        ["components", "schemas", "WithSecret", "allOf", "0"],
        ["`WithSecret`", "`Closed`", "`secret`"],
    ),
    "nullable-enum-without-null": (
        "sendmux-nullable-enum-without-null",
        ["components", "schemas", "Delivery", "properties", "status", "enum"],
        ["`Delivery`", "property `status`", "lacks null"],
    ),
    "example-invalid": (
        "sendmux-example-valid",
        ["components", "schemas", "Mailbox", "examples", "1", "address"],
        ["`Mailbox`", "examples[1]", "property `address`"],
    ),
    "timestamp-without-format": (
        "sendmux-timestamp-format",
        ["components", "schemas", "Lease", "properties", "expires_at"],
        ["`Lease`", "property `expires_at`", "ISO 8601"],
    ),
    "secured-without-401": (
        "sendmux-secured-operation-401",
        ["paths", "/quota", "get", "responses"],
        ["`getQuota`", "GET /quota", "401"],
    ),
    "path-order": (
        "sendmux-path-order",
        ["paths", "/things/export"],
        ["`/things/export`", "`/things/{thing_id}`", "declare `/things/export` first"],
    ),
    "path-ambiguous": (
        "sendmux-path-order",
        ["paths", "/gadgets/latest/{format}"],
        ["`/gadgets/latest/{format}`", "`/gadgets/{gadget_id}/export`", "`/gadgets/latest/export`", "only their order"],
    ),
}


def make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def with_extensions(spec: dict[str, Any]) -> dict[str, Any]:
    """openapi.yaml carrying x-sendmux-* extensions the way codegen reads them: operations, schemas, properties."""
    operations = spec["paths"]["/webhooks/{public_id}"]
    operations["delete"]["x-sendmux-retried-delete"] = {"status": 404, "means": "deleted"}
    spec["paths"]["/webhooks/{public_id}/test"]["post"]["x-sendmux-method"] = "send_test"
    subscription = spec["components"]["schemas"]["WebhookSubscription"]
    subscription["x-sendmux-model"] = {"name": "Webhook", "examples": [{"not": "validated"}]}
    subscription["properties"]["created_at"]["x-sendmux-description"] = "Per ISO 8601, but only an extension says so."
    return spec


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Spectral's JSON findings for every fixture, openapi.yaml and openapi.yaml with extensions, by file: one
    Spectral run for the whole test run (tests/once.py)."""
    if not SPECTRAL.exists():
        pytest.fail(f"Spectral is not installed in {SPECLINT}/node_modules: run `make speclint-deps`")
    folder = once_per_run(tmp_path_factory, "spectral-findings", _lint_every_file)
    found: dict[str, list[dict[str, Any]]] = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    return found


def _lint_every_file(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    extended = folder / "openapi-extended.yaml"
    spec = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    extended.write_text(write_yaml(with_extensions(spec)), encoding="utf-8")
    files = {name: FIXTURES / f"{name}.yaml" for name in EXPECTED}
    files |= {"openapi.yaml": ROOT / "openapi.yaml", "extended": extended}
    ruleset = SPECLINT / "sendmux.spectral.yaml"
    done = subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(ruleset), "--format", "json", "--quiet", *map(str, files.values())],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,  # a bound for a hung Spectral, which would hold every worker waiting on tests/once.py
    )
    assert done.stdout.strip(), f"Spectral printed no JSON (exit {done.returncode}):\n{done.stderr[-3000:]}"
    results = json.loads(done.stdout)
    by_file: dict[str, list[dict[str, Any]]] = {name: [] for name in files}
    for result in results:
        name = next(name for name, path in files.items() if Path(result["source"]).resolve() == path.resolve())
        by_file[name].append(result)
    (folder / "findings.json").write_text(json.dumps(by_file), encoding="utf-8")


@pytest.mark.slow
def test_make_lint_spec_fails_naming_every_trap() -> None:
    done = make("lint-spec", f"SPEC={FIXTURES / 'all-traps.yaml'}")
    assert done.returncode != 0
    for rule, _, words in EXPECTED.values():
        assert rule in done.stdout
        for word in words:
            assert word in done.stdout, (word, done.stdout)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_rule_fires_once_at_its_trap_and_names_it(fixture: str, findings: dict[str, list[dict[str, Any]]]) -> None:
    rule, path, words = EXPECTED[fixture]
    [finding] = findings[fixture]  # the near miss beside the trap must not fire
    assert finding["code"] == rule
    assert [str(part) for part in finding["path"]] == path
    for word in words:
        assert word in finding["message"]


def test_openapi_yaml_and_its_extensions_raise_nothing(findings: dict[str, list[dict[str, Any]]]) -> None:
    assert findings["openapi.yaml"] == []
    assert findings["extended"] == []


def test_fixtures_are_up_to_date() -> None:
    assert make_fixtures.main(["--check"]) == 0, "run .venv/bin/python tests/spec_lint/fixtures/make_fixtures.py"
