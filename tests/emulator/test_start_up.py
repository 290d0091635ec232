"""The emulator starts without openapi-core: importing it (with openapi-schema-validator, jsonschema-path and the
settings they load) costs most of a second, more than the rest of the emulator, and the requests the checks compiled
at start-up accept are answered without it. It is loaded by the first request those checks leave to it. Nor does
serving import httpx (the first delivery does, and `RunningEmulator`'s clients). While openapi-core loads, off the
event loop, the emulator goes on answering.

Each check runs in a fresh interpreter: in this one, other tests have long loaded openapi-core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sendmux_spec import read_yaml, write_yaml

pytestmark = pytest.mark.slow  # a fresh interpreter each, a few seconds

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openapi_core", "openapi_schema_validator", "jsonschema_path", "openapi_spec_validator")

SERVE_AND_ASK = f"""
import json, sys
import sendmux_emulator._serve.cli  # what `python -m sendmux_emulator` imports
from sendmux_emulator import create_app, run_in_thread
from sendmux_emulator._api.compiled_requests import served_operations

heavy = {HEAVY!r}
create_app(), served_operations()
at_start = [name for name in (*heavy, "httpx") if name in sys.modules]  # httpx: only to deliver, and to test
with run_in_thread() as emulator, emulator.client() as client:
    listed = client.get("/webhooks", params={{"limit": "1"}})
    hook = {{"url": "https://hooks.example.com/start", "event_types": ["message.bounced"]}}
    created = client.post("/webhooks", json=hook)
    read = client.get("/webhooks/" + created.json()["data"]["id"])
    loaded = [name for name in heavy if name in sys.modules]
    rejected = client.get("/webhooks", params={{"limit": "101"}})  # past its maximum: openapi-core says so
    print(json.dumps({{
        "at_start": at_start,
        "statuses": [listed.status_code, created.status_code, read.status_code],
        "loaded": loaded,
        "rejected": [rejected.status_code, rejected.json()["error"]["code"], rejected.json()["error"]["param"]],
        "loaded_after_rejection": "openapi_core" in sys.modules,
    }}))
"""


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "SENDMUX_EMULATOR_SPEC"}


def test_valid_requests_are_answered_without_loading_openapi_core() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_ASK], cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["at_start"] == []
    assert found["statuses"] == [200, 201, 200]
    assert found["loaded"] == []
    # The first rejection loads it, and answers as ever.
    assert found["rejected"] == [400, "invalid_parameter", "limit"]
    assert found["loaded_after_rejection"] is True


LOAD_WHILE_SERVING = """
import functools, json, threading
from sendmux_emulator import run_in_thread
from sendmux_emulator._spec import document

loading, release = threading.Event(), threading.Event()
build = document._openapi


@functools.cache
def held():  # openapi-core's load, held open until the test lets it finish
    loading.set()
    assert release.wait(60), "never released"
    return build()


document._openapi = held
found = {}
with run_in_thread() as emulator, emulator.client(timeout=60) as first, emulator.client(timeout=30) as second:
    def reject():
        found["rejected"] = first.get("/webhooks", params={"limit": "101"}).status_code

    rejecting = threading.Thread(target=reject)
    rejecting.start()
    assert loading.wait(60), "the rejection did not load openapi-core"
    found["answered_while_loading"] = second.get("/webhooks", params={"limit": "1"}).status_code
    release.set()
    rejecting.join(60)
print(json.dumps(found))
"""


def test_openapi_core_loads_off_the_event_loop() -> None:
    """The first rejection loads openapi-core; a valid request sent meanwhile is answered before the load ends (on
    the event loop, the load would hold it until released: the second client would time out)."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_WHILE_SERVING],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"answered_while_loading": 200, "rejected": 400}


def test_a_broken_document_named_by_the_environment_still_stops_the_start(tmp_path: Path) -> None:
    spec = read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    del spec["info"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(write_yaml(spec), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sendmux_emulator", "--port", "0"],
        cwd=ROOT,
        env={**_environment(), "SENDMUX_EMULATOR_SPEC": str(broken)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "listening" not in done.stdout
    assert "OpenAPIValidationError" in done.stderr  # openapi-core's check of the document, as before
