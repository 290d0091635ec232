"""schemathesis, every phase (examples, coverage, fuzzing, stateful through the spec's links) and every check,
runs openapi.yaml against the emulator: no failure, and no operation it could not reach ("repeatedly returned
404"). Slow: a minute or so.

As schemathesis advises for ids it cannot make up, the test data is made outside the run, from the spec alone:
records of every collection through its create operation (the cassette cases' values), each record's actions
called once (a test event, so deliveries exist), then each nested collection listed, and a first page of each
list for a cursor. schemathesis then draws each id parameter from those ids half of the time (its
`dictionaries`) and makes values up the other half; a cursor always comes from a list. The one answer the check
of valid data is told to expect beyond its defaults is the spec's 400 for a cursor a list did not hand out (the
coverage phase still makes one up), on the operations that take one: a cursor is opaque, so no schema can say
which strings are real."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sendmux_emulator import run_in_thread
from sendmux_spec import created_id, roles

from ..recorded.spec_cases import DOCUMENT, required_body

ROOT = Path(__file__).resolve().parents[2]
KEY = {"Authorization": "Bearer smx_root_dev"}


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def made_records(http: httpx.Client, records: int = 30) -> dict[str, list[str]]:
    """Path parameter name -> ids that exist (module docstring)."""
    role_of = roles(DOCUMENT)
    ids: dict[str, list[str]] = {}
    top = [op for op in DOCUMENT.operations if role_of[(op.method, op.path)].kind == "create" and "{" not in op.path]
    for create in top:
        collection = role_of[(create.method, create.path)].collection
        assert collection is not None and collection.id_param is not None
        for _ in range(records):
            answer = http.post(create.path.lstrip("/"), json=required_body(create.json_body))
            assert answer.status_code < 300, answer.text
            record_id = created_id(DOCUMENT, collection, create, answer.json())
            assert record_id is not None, answer.text
            ids.setdefault(collection.id_param, []).append(record_id)
            for op in DOCUMENT.operations:  # each action once on it (a test event: deliveries to list)
                role = role_of[(op.method, op.path)]
                if role.kind == "action" and role.collection == collection and op.method == "post":
                    http.post(_fill(op.path, {collection.id_param: record_id}).lstrip("/"))
    deadline = time.monotonic() + 30
    for op in DOCUMENT.operations:  # nested lists: their ids, once the actions' effects are there
        role = role_of[(op.method, op.path)]
        parent = role.collection.parent if role.collection else None
        if role.kind != "list" or parent is None or parent.id_param not in ids:
            continue
        deeper = [
            o.path[len(op.path) + 1 :].split("/")[0] for o in DOCUMENT.operations if o.path.startswith(op.path + "/")
        ]
        child = next((segment[1:-1] for segment in deeper if segment.startswith("{")), None)
        if child is None:
            continue
        while not ids.get(child) and time.monotonic() < deadline:
            for parent_id in ids[parent.id_param]:
                listed = http.get(_fill(op.path, {parent.id_param: parent_id}).lstrip("/")).json()
                ids.setdefault(child, []).extend(row["id"] for row in listed.get("data", []))
            if not ids[child]:
                time.sleep(0.2)  # the delivery worker runs beside the request that queued the event
    for op in DOCUMENT.operations:  # cursors: the next_cursor of a first page of one record
        if role_of[(op.method, op.path)].kind == "list" and op.parameter("query", "cursor") and "{" not in op.path:
            listed = http.get(op.path.lstrip("/"), params={"limit": 1}).json()
            ids.setdefault("cursor", []).append(listed["pagination"]["next_cursor"])
    return ids


def config(ids: dict[str, list[str]]) -> str:
    lines = []
    for name, values in ids.items():
        lines += [f"[dictionaries.{name}]", "values = [" + ", ".join(f'"{v}"' for v in values) + "]", ""]
    lines.append("[parameters]")
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}' for name in ids if name != "cursor"]
    if "cursor" in ids:  # a cursor is only ever one a list handed out
        lines.append('"query.cursor" = { dictionary = "cursor", probability = 1.0 }')
    for op in DOCUMENT.operations:
        if op.parameter("query", "cursor") is not None:
            # The one string schemathesis still makes up for a cursor (its coverage phase's shortest value) is one
            # the list did not hand out, which the spec documents as 400 `invalid_parameter`.
            lines += ["", "[[operations]]", f'include-name = "{op.method.upper()} {op.path}"']
            statuses = '["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]'
            lines.append(f"checks.positive_data_acceptance.expected-statuses = {statuses}")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_schemathesis_finds_nothing_and_reaches_every_operation(tmp_path: Path) -> None:
    with run_in_thread(webhook_limit=100_000, rate_limit=1_000_000) as emulator:
        with httpx.Client(base_url=emulator.base_url + "/", headers=KEY) as http:
            ids = made_records(http)
        assert all(ids.values()), ids
        settings = tmp_path / "schemathesis.toml"
        settings.write_text(config(ids), encoding="utf-8")
        done = subprocess.run(
            [
                *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(settings), "run"),
                *(str(ROOT / "openapi.yaml"), "--url", emulator.base_url, "--checks", "all"),
                *("-H", "Authorization: Bearer smx_root_dev", "--max-examples", "25", "--seed", "20261206"),
                *("--generation-database", "none", "--no-color"),
            ],
            env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.emulator.fuzz_hooks"},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    summary = done.stdout[done.stdout.rfind("SUMMARY") :]
    assert done.returncode == 0, done.stdout[-6000:]
    assert "Failures:" not in summary and "repeatedly returned 404" not in done.stdout, summary
    assert "Stateful" in summary and f"Selected: {len(DOCUMENT.operations)}/{len(DOCUMENT.operations)}" in summary
