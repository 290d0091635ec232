"""The emulator follows the spec it serves: an operation with no handler answers from the spec through the whole
pipeline, a new declared field round-trips, and literal paths win over templated ones whatever their order.

The emulator runs as `python -m sendmux_emulator` on API 1.1 (tests/spec_changes.py), named by
SENDMUX_EMULATOR_SPEC, with `GET /webhooks/event-types` declared after every templated path. Every answer is
checked against that 1.1 document.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from sendmux_emulator._api.from_spec import SpecAnswer, permission_of, spec_answer
from sendmux_emulator._spec.document import spec_dict, spec_document
from sendmux_spec import Document, Operation, read_yaml, write_yaml
from sendmux_spec.values import build

from ..spec_changes import api_1_1

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^Sendmux emulator listening on (http://127\.0\.0\.1:\d+/api/v1)$")
KEY, READONLY, NO_WEBHOOK = "smx_root_dev", "smx_root_ro", "smx_root_nowebhook"
HOOK = {"url": "https://hooks.example.com/spec", "event_types": ["message.bounced"]}


@pytest.fixture(scope="module")
def spec_1_1(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    spec = api_1_1(read_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8")), literal_path_last=True)
    assert list(spec["paths"])[-2:] == ["/webhooks/event-types", "/webhooks/{public_id}/deliveries/{delivery_id}/retry"]
    path = tmp_path_factory.mktemp("spec") / "openapi-1.1.yaml"
    path.write_text(write_yaml(spec), encoding="utf-8")
    return path, spec


@pytest.fixture(scope="module")
def base_url(spec_1_1: tuple[Path, dict[str, Any]]) -> Iterator[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SENDMUX_EMULATOR_SPEC": str(spec_1_1[0])}
    flags = ["--readonly-api-key", READONLY, "--no-webhook-api-key", NO_WEBHOOK]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sendmux_emulator", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline().rstrip("\n")
        match = LINE.match(line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None else "")
        yield match.group(1)
    finally:
        proc.kill()
        proc.wait(10)


@pytest.fixture(scope="module")
def checker(spec_1_1: tuple[Path, dict[str, Any]]) -> OpenAPI:
    return OpenAPI.from_dict(spec_1_1[1])


@pytest.fixture
def call(base_url: str, checker: OpenAPI) -> Iterator[Any]:
    """``call(method, path, key=KEY, **httpx kwargs)``: the response, checked against API 1.1."""
    with httpx.Client() as http:

        def send(method: str, path: str, key: str | None = KEY, **kwargs: Any) -> httpx.Response:
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            headers.update(kwargs.pop("headers", {}))
            response = http.request(method, base_url + path, headers=headers, **kwargs)
            request = MockRequest(
                "http://127.0.0.1",
                method.lower(),
                "/api/v1" + path,
                headers=dict(response.request.headers),
                data=response.request.content or None,
            )
            mock = MockResponse(response.content, status_code=response.status_code, headers=dict(response.headers))
            checker.validate_response(request, mock)
            return response

        yield send


def test_a_literal_path_declared_after_a_templated_one_still_wins(call: Any) -> None:
    answer = call("GET", "/webhooks/event-types")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] is True
    assert body["meta"]["request_id"] == answer.headers["x-request-id"]
    assert isinstance(body["data"]["event_types"], list) and body["data"]["event_types"]
    hook = call("POST", "/webhooks", json=HOOK).json()["data"]
    assert call("GET", f"/webhooks/{hook['id']}").json()["data"]["id"] == hook["id"]  # the templated one still works


def test_an_operation_without_a_handler_runs_the_whole_pipeline(call: Any) -> None:
    assert call("GET", "/webhooks/event-types", key=None).status_code == 401
    assert call("GET", "/webhooks/event-types", key="smx_root_unknown").status_code == 401
    forbidden = call("GET", "/webhooks/event-types", key=NO_WEBHOOK)
    assert (forbidden.status_code, forbidden.json()["error"]["code"]) == (403, "insufficient_permissions")
    assert call("GET", "/webhooks/event-types", key=READONLY).status_code == 200  # Needs `webhook.read`
    hook = call("POST", "/webhooks", json=HOOK).json()["data"]
    retry = f"/webhooks/{hook['id']}/deliveries/whda_anything/retry"
    assert call("POST", retry, key=READONLY).json()["error"]["code"] == "insufficient_permissions"
    unknown = call("POST", "/webhooks/whk_doesnotexist/deliveries/whda_anything/retry")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    long_key = call("POST", retry, headers={"Idempotency-Key": "k" * 256})
    assert long_key.status_code == 400


def test_an_operation_without_a_handler_answers_its_example_and_keeps_idempotency(call: Any) -> None:
    hook = call("POST", "/webhooks", json=HOOK).json()["data"]
    other = call("POST", "/webhooks", json=HOOK).json()["data"]
    key = {"Idempotency-Key": "retry-from-spec"}
    first = call("POST", f"/webhooks/{hook['id']}/deliveries/whda_1/retry", headers=key)
    assert first.status_code == 202
    assert first.json()["data"] == {"attempt_id": "whda_cl9x2b7k40000qzrmn1c4d5f9", "status": "queued"}
    replay = call("POST", f"/webhooks/{hook['id']}/deliveries/whda_1/retry", headers=key)
    assert replay.json() == first.json()  # the original answer, request id included
    conflict = call("POST", f"/webhooks/{other['id']}/deliveries/whda_1/retry", headers=key)
    assert (conflict.status_code, conflict.json()["error"]["code"]) == (409, "idempotency_conflict")


def test_a_new_declared_field_round_trips_create_get_update(call: Any) -> None:
    created = call("POST", "/webhooks", json={**HOOK, "retry_policy": "linear"})
    assert created.status_code == 201 and created.json()["data"]["retry_policy"] == "linear"
    webhook_id = created.json()["data"]["id"]
    assert call("GET", f"/webhooks/{webhook_id}").json()["data"]["retry_policy"] == "linear"
    before = call("GET", f"/webhooks/{webhook_id}").headers["etag"]
    updated = call("PATCH", f"/webhooks/{webhook_id}", json={"retry_policy": "exponential"})
    assert updated.json()["data"]["retry_policy"] == "exponential"
    assert updated.headers["etag"] != before  # a change like any other: new ETag
    listed = call("GET", "/webhooks").json()["data"]
    assert next(w for w in listed if w["id"] == webhook_id)["retry_policy"] == "exponential"
    untouched = call("PATCH", f"/webhooks/{webhook_id}", json={"enabled": False}).json()["data"]
    assert untouched["retry_policy"] == "exponential"
    plain = call("POST", "/webhooks", json=HOOK).json()["data"]
    assert "retry_policy" not in plain  # never set, no default: left out, as the schema allows
    refused = call("POST", "/webhooks", json={**HOOK, "retry_policy": "sometimes"})
    assert refused.status_code in (400, 422) and refused.json()["error"]["errors"][0]["field"] == "retry_policy"


def _operation(path: str, method: str, responses: dict[str, Any], summary: str = "") -> Operation:
    node = {
        "operationId": "exportThings",
        "summary": summary,
        "responses": {**responses, "401": {"description": "No key."}},
    }
    document = Document({**spec_dict(), "paths": {path: {method: node}}})
    return document.operations[0]


def test_non_json_and_empty_answers_come_from_the_spec_as_documented() -> None:
    csv = _operation(
        "/things.csv", "get", {"200": {"description": "CSV.", "content": {"text/csv": {"example": "id,url\n"}}}}
    )
    assert spec_answer(csv) == SpecAnswer(200, "text/csv", "id,url\n")
    bytes_ = {"200": {"description": "Bytes.", "content": {"application/octet-stream": {}}}}
    binary = _operation("/things.bin", "get", bytes_, summary="Download the things")
    assert spec_answer(binary) == SpecAnswer(
        200, "application/octet-stream", "Download the things\n"
    )  # never "example"
    accepted = _operation("/things", "delete", {"204": {"description": "Nothing."}, "202": {"description": "Queued."}})
    assert spec_answer(accepted) == SpecAnswer(202, None, None)  # the lowest 2xx
    with pytest.raises(RuntimeError, match="documents no 2xx"):
        spec_answer(_operation("/things", "get", {}))


def test_an_example_that_breaks_its_schema_stops_the_emulator_naming_the_operation() -> None:
    data = copy.deepcopy(spec_dict())
    operation = Document(data).operation("testWebhook")
    media = operation.node["responses"]["200"]["content"]["application/json"]
    assert spec_answer(operation).body == media["example"]
    media["example"] = {"ok": True, "data": {"event_id": 42}, "meta": {"request_id": "req_1"}}
    with pytest.raises(RuntimeError, match=r"testWebhook \(POST /webhooks/\{public_id\}/test\): its 200 example"):
        spec_answer(Document(data).operation("testWebhook"))


def test_a_value_is_built_from_the_schema_when_there_is_no_example() -> None:
    schema = {
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string", "minLength": 9}, "minItems": 2},
            "kind": {"anyOf": [{"$ref": "#/components/schemas/EventType"}, {"type": "string"}]},
            "count": {"type": "integer", "minimum": 3},
            "maybe": {"type": ["null", "boolean"]},
        },
    }
    assert build(spec_document(), schema, now=0) == {
        "at": "1970-01-01T00:00:00Z",  # the emulator's clock
        "tags": ["tagsxxxxx", "tagsxxxxx"],  # named after the field, as long as minLength asks
        "kind": "message.bounced",  # EventType's own example
        "count": 3,
        "maybe": True,
    }
    named = {"type": "object", "properties": {
        "email": {"type": "string"}, "callback_url": {"type": "string"}, "reason": {"type": "string"},
        "domain": {"type": "string"}, "mode": {"type": "string", "enum": ["send_only", "send_receive"]}}}  # fmt: skip
    assert build(spec_document(), named) == {
        "email": "user@example.com",
        "callback_url": "https://example.com/callback-url",
        "reason": "reason",
        "domain": "mail.example.com",
        "mode": "send_only",
    }


def test_the_permission_comes_from_the_spec_where_it_states_one() -> None:
    described = {"tags": ["webhooks"], "description": "Queues it. Needs `webhook.manage`."}
    assert permission_of(described) == "webhook.manage"
    assert permission_of({**described, "x-sendmux-permission": "webhook.update"}) == "webhook.update"
    assert permission_of({"tags": ["Domains"], "description": "Use a root API key."}) is None  # any full key
    for operation in spec_document().operations:  # what openapi.yaml states, it is held to
        stated = re.search(r"Needs `([^`]+)`", operation.description)
        assert permission_of(operation.node) == (stated[1] if stated else operation.node.get("x-sendmux-permission"))
