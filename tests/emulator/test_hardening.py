"""Inputs from a correctness review that used to crash the emulator with a 500 it did not mean to send."""

from __future__ import annotations

import httpx
import pytest

from sendmux_emulator import RunningEmulator

JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 5000 + b"]" * 5000


def test_a_lone_surrogate_escape_is_refused_and_stores_nothing(api: httpx.Client) -> None:
    body = b'{"url": "https://127.0.0.1:9/x", "event_types": ["message.bounced"], "name": "\\ud800"}'
    for _ in range(2):  # the same key again must not replay a poisoned answer
        answer = api.post("/webhooks", content=body, headers={**JSON, "Idempotency-Key": "surrogate"})
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["errors"][0]["code"] == "invalid_string"
    assert api.get("/webhooks").json()["data"] == []
    answer = api.post("/webhooks", content=b'{"\\udc80": 1}', headers=JSON)
    assert answer.status_code == 400


def test_absurdly_nested_json_with_an_idempotency_key_is_a_400(api: httpx.Client) -> None:
    answer = api.post("/webhooks", content=DEEP, headers={**JSON, "Idempotency-Key": "deep"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize("body", [b'{"advance_seconds": NaN}', b'{"advance_seconds": 1e12}'])
def test_the_control_clock_refuses_steps_it_cannot_take(sendmux_emulator: RunningEmulator, body: bytes) -> None:
    answer = httpx.post(f"{sendmux_emulator.root_url}/_emulator/clock", content=body, headers=JSON)
    assert answer.status_code == 400
    with sendmux_emulator.client() as client:
        assert client.get("/webhooks").status_code == 200  # and the API still works


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "message.delivery_delayed", "occurred_at": "9999-12-31T23:00:00+00:00"}',
        b'{"type": "message.bounced", "occurred_at": "0001-01-01T00:00:00+05:00"}',
        b'{"type": "message.bounced", "data": {"sender": "\\ud800"}}',
        DEEP,
    ],
)
def test_the_control_emit_refuses_bodies_it_cannot_use(sendmux_emulator: RunningEmulator, body: bytes) -> None:
    answer = httpx.post(f"{sendmux_emulator.root_url}/_emulator/events", content=body, headers=JSON)
    assert answer.status_code == 400, answer.text
