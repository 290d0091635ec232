"""codegen/generate.sh: atomic (a failed run leaves the output folder as it was), and a shape with no rule stops it
with the operation and the JSON pointer of what it cannot take.

The messages are checked in-process, on what generate.sh runs (hoist.py, then resource_layer.py's build); one
failed generate.sh run shows them reaching the maintainer's terminal."""

from __future__ import annotations

import copy
import hashlib
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from codegen.hoist import hoist
from codegen.resource_layer import SpecError, build, model_names
from sendmux_spec import read_yaml, write_yaml
from tests.specdiff.conftest import ROOT

SPEC = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def generate(spec: dict[str, Any], out: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "spec.yaml"
    path.write_text(write_yaml(spec), encoding="utf-8")
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(ROOT / "codegen" / "generate.sh"), str(out), str(path)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def with_operation(path: str, operation: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(SPEC)
    spec["paths"][path] = {"get": {"operationId": "getOdd", "tags": ["webhooks"], "summary": "Odd", **operation}}
    return spec


OK = {"200": {"description": "OK", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/WebhookResponse"}}}}}  # fmt: skip
UNSUPPORTED = {
    "cookie": (
        with_operation("/odd", {"parameters": [{"name": "session", "in": "cookie", "schema": {"type": "string"}}],
                                "responses": OK}),
        "getOdd (#/paths/~1odd/get): parameter session: cookie parameters are not supported",
    ),
    "space-delimited object": (
        with_operation("/odd", {"parameters": [{"name": "ids", "in": "query", "style": "spaceDelimited",
                                                "explode": True, "schema": {"type": "object"}}], "responses": OK}),
        "getOdd (#/paths/~1odd/get): parameter ids: style spaceDelimited (explode True) for an object has no rule",
    ),
    "two arguments of one name": (
        with_operation("/odd", {"parameters": [
            {"name": "last_event_id", "in": "query", "schema": {"type": "string"}},
            {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}}], "responses": OK}),
        "getOdd (#/paths/~1odd/get): the query 'last_event_id' and the header 'Last-Event-ID' both become the "
        "argument last_event_id; set x-sendmux-name on one of them",
    ),
    "an argument named as a per-call option": (
        with_operation("/odd", {"parameters": [{"name": "timeout", "in": "query", "schema": {"type": "integer"}}],
                                "responses": OK}),
        "getOdd (#/paths/~1odd/get): the query 'timeout' becomes the argument timeout, which every method already "
        "has (its per-call options); set x-sendmux-name on it",
    ),
    "two bodies": (
        with_operation("/odd", {"responses": {**OK, "201": {"description": "Other", "content": {"text/plain": {
            "schema": {"type": "string"}}}}}}),
        "getOdd (#/paths/~1odd/get): the 2xx answers ['200', '201'] have different bodies (201 differs)",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_a_shape_without_a_rule_names_the_operation_and_where(case: str) -> None:
    spec, message = UNSUPPORTED[case]
    models = ROOT / "generated" / "sendmux_client" / "models"
    with pytest.raises(SpecError, match=re.escape(message)):
        build(hoist(copy.deepcopy(spec)), model_names(models / "__init__.py"), models)


@pytest.mark.slow
def test_a_failed_generate_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    first = generate(SPEC, out, tmp_path)
    assert first.returncode == 0, first.stderr
    before = fingerprint(out)
    assert any(name.startswith("sendmux/_resources/") for name in before)
    broken, message = UNSUPPORTED["cookie"]  # fails in the last step that writes code, after the models are written
    done = generate(broken, out, tmp_path)
    assert done.returncode != 0
    assert f"{tmp_path / 'spec.yaml'}: {message}" in done.stderr, done.stderr  # named by the spec given
    assert fingerprint(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "spec.yaml"]  # no half-written folder left


@pytest.mark.slow
def test_a_successful_generate_replaces_the_output_whole(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    (out / "sendmux" / "_resources").mkdir(parents=True)
    (out / "sendmux" / "_resources" / "gone.py").write_text("# a tag the spec no longer has\n", encoding="utf-8")
    done = generate(SPEC, out, tmp_path)
    assert done.returncode == 0, done.stderr
    assert fingerprint(out) == fingerprint(ROOT / "generated")


def test_a_schema_the_model_generator_refuses_names_the_operations_that_reach_it(tmp_path: Path) -> None:
    spec = with_operation("/odd", {"responses": {"200": {"description": "OK", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/OddResponse"}}}}}})  # fmt: skip
    schemas = spec["components"]["schemas"]
    schemas["OddResponse"] = {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Odd"}}}
    schemas["Odd"] = {"type": "object", "properties": {"v": {"type": "array", "items": {"enum": [1, "a"]}}}}
    done = generate(spec, tmp_path / "out", tmp_path)
    assert done.returncode != 0
    assert "getOdd (#/paths/~1odd/get): the schema #/components/schemas/Odd cannot be generated: " in done.stderr
