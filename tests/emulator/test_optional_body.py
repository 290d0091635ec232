"""A request body is what its operation's `requestBody.required` says: with it optional (OpenAPI's default, and how
Sendmux writes an update whose fields are all optional), a request with no body at all is accepted, as schemathesis
and every client read the spec; with it required, the same request is refused with 400 `missing_parameter`.

The emulator reads its spec once per process, so each check runs in a fresh one on a copy of openapi.yaml whose
operations' bodies are made optional where their schema requires no field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sendmux_spec import load, read_yaml, write_yaml

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = load(ROOT / "openapi.yaml")
NOTHING_REQUIRED = [
    op for op in DOCUMENT.operations if op.request_body is not None and not DOCUMENT.fold(op.json_body).get("required")
]
CHECK = """
import json, sys
from sendmux_emulator._api.validation import Valid, validate_request
method, template = sys.argv[1], sys.argv[2]
path = template.replace("{", "").replace("}", "")
params = {name.strip("{}"): "x" for name in template.split("/") if name.startswith("{")}
verdict = validate_request(method=method, template=template, path=path, path_params=params, query=[],
                           headers=[("Authorization", "Bearer smx_root_dev")],
                           body=b"", content_type=None)
print(json.dumps({"valid": isinstance(verdict, Valid), "code": getattr(verdict, "code", None)}))
"""


def _verdict(tmp_path: Path, op_index: int, *, required: bool) -> dict[str, object]:
    op = NOTHING_REQUIRED[op_index]
    spec = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    node = spec["paths"][op.path][op.method]
    node["requestBody"] = {**DOCUMENT.deref(node["requestBody"]), "required": required}
    path = tmp_path / "openapi.yaml"
    path.write_text(write_yaml(spec), encoding="utf-8")
    env = {**os.environ, "SENDMUX_EMULATOR_SPEC": str(path)}
    done = subprocess.run([sys.executable, "-c", CHECK, op.method.upper(), op.path], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    verdict: dict[str, object] = json.loads(done.stdout)
    return verdict


@pytest.mark.skipif(not NOTHING_REQUIRED, reason="openapi.yaml has no body whose schema requires nothing")
@pytest.mark.parametrize("op_index", range(len(NOTHING_REQUIRED)), ids=[str(o.operation_id) for o in NOTHING_REQUIRED])
def test_no_body_is_accepted_where_the_body_is_optional_and_refused_where_it_is_required(
    tmp_path: Path, op_index: int
) -> None:
    assert _verdict(tmp_path, op_index, required=False) == {"valid": True, "code": None}
    assert _verdict(tmp_path, op_index, required=True) == {"valid": False, "code": "missing_parameter"}
