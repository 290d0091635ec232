"""Deliveries: signed POSTs to a local HTTPS receiver, retries to `failing`, and the attempts the API shows."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from openapi_core.testing import MockRequest

from sendmux_emulator import RunningEmulator

from ._receiver import SAFETY_TIMEOUT, Received, Receiver
from ._spec_check import TIMESTAMP, openapi, schema_errors, spec

SCHEDULE = (30, 120, 600, 1800, 3600, 14400, 43200)


def wait_until(check: Callable[[], Any]) -> Any:
    """Poll ``check`` until it returns something true; only a hang reaches the safety timeout."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def attempts(api: httpx.Client, webhook_id: str, **params: Any) -> list[dict[str, Any]]:
    response = api.get(f"/webhooks/{webhook_id}/deliveries", params={"limit": 100, **params})
    assert response.status_code == 200
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


def create(api: httpx.Client, url: str, *event_types: str, **fields: Any) -> dict[str, Any]:
    body = {"url": url, "event_types": list(event_types or ["sendmux.test"]), **fields}
    response = api.post("/webhooks", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def pending_deliveries(emulator: RunningEmulator) -> int:
    """Deliveries with an attempt still to come (the control health route)."""
    health = httpx.get(f"{emulator.root_url}/_emulator/health", trust_env=False).json()["data"]
    count: int = health["pending_deliveries"]
    return count


def signature(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_against_spec_webhook(received: Received) -> None:
    """The delivery is a valid `webhookEvent` request of openapi.yaml (headers and body)."""
    request = MockRequest("https://receiver", "post", "/", headers=received.headers, data=received.body)
    request.name = "webhookEvent"  # type: ignore[attr-defined]
    result = openapi().unmarshal_webhook_request(request)  # type: ignore[arg-type]
    assert not result.errors, result.errors


def test_signed_test_delivery_reaches_an_https_receiver(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file)
    api = client_for(emulator)
    webhook = create(api, receiver.url + "/hooks/sendmux", "sendmux.test", filters={"mailbox_ids": ["mbx_other"]})
    event_id = api.post(f"/webhooks/{webhook['id']}/test").json()["data"]["event_id"]

    [got] = receiver.wait_for(1)
    assert got.path == "/hooks/sendmux"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["x-sendmux-event-id"] == event_id
    assert got.headers["x-sendmux-event-type"] == "sendmux.test"
    assert got.headers["x-sendmux-delivery-attempt"] == "1"
    assert got.headers["x-sendmux-signature"] == "sha256=" + signature(webhook["secret"], got.body)
    timestamp = got.headers["x-sendmux-timestamp"]
    assert abs(int(timestamp) - time.time()) < 300
    expected_v2 = signature(webhook["secret"], timestamp.encode() + b"." + got.body)
    assert got.headers["x-sendmux-signature-v2"] == "v1=" + expected_v2
    check_against_spec_webhook(got)

    payload = json.loads(got.body)
    assert (payload["id"], payload["type"]) == (event_id, "sendmux.test")
    assert payload["team_public_id"].startswith("team_")
    assert TIMESTAMP.match(payload["occurred_at"])
    assert set(payload["data"]) == set(spec()["components"]["schemas"]["WebhookEventData"]["required"])
    assert payload["data"]["webhook_id"] == webhook["id"]
    assert payload["data"]["recipients"] == []
    assert {k for k, v in payload["data"].items() if v is not None} == {"webhook_id", "recipients"}

    [attempt] = wait_until(lambda: attempts(api, webhook["id"]))
    assert attempt["id"].startswith("whda_")
    assert (attempt["event_id"], attempt["event_type"], attempt["result"]) == (event_id, "sendmux.test", "success")
    assert (attempt["response_status"], attempt["response_body"], attempt["error_message"]) == (200, "ok", None)
    assert (attempt["delivery_attempt"], attempt["max_attempts"], attempt["next_retry_at"]) == (1, 8, None)
    assert attempt["request_payload_bytes"] == len(got.body)
    assert attempt["request_payload_sha256"] == hashlib.sha256(got.body).hexdigest()
    assert attempt["payload_available"] is True
    assert attempt["response_ms"] >= 0
    assert TIMESTAMP.match(attempt["created_at"]) and attempt["payload_expires_at"] > attempt["created_at"]

    stored = api.get(f"/webhooks/{webhook['id']}/deliveries/{attempt['id']}/payload").json()["data"]
    assert stored["payload"] == payload
    assert (stored["id"], stored["event_id"], stored["delivery_attempt"]) == (attempt["id"], event_id, 1)
    assert stored["expires_at"] == attempt["payload_expires_at"]

    [record] = emulator.deliveries(webhook_id=webhook["id"])
    assert record["request_body"].encode() == got.body
    sent = [(name.lower(), value) for name, value in record["request_headers"].items()]
    assert sent == list(got.headers.items())  # exactly what went on the wire: every header, in order
    assert {"host", "accept", "accept-encoding", "connection", "content-length"} <= dict(sent).keys()


def test_without_signature_v2_only_the_documented_header_is_sent(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file, signature_v2=False)
    api = client_for(emulator)
    webhook = create(api, f"https://localhost:{receiver.url.rsplit(':', 1)[1]}/")
    api.post(f"/webhooks/{webhook['id']}/test")
    [got] = receiver.wait_for(1)
    assert got.headers["x-sendmux-signature"] == "sha256=" + signature(webhook["secret"], got.body)
    assert "x-sendmux-timestamp" not in got.headers
    assert "x-sendmux-signature-v2" not in got.headers


def test_after_rotation_the_old_secret_no_longer_signs(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file)
    api = client_for(emulator)
    webhook = create(api, receiver.url)
    new_secret = api.post(f"/webhooks/{webhook['id']}/rotate-secret").json()["data"]["secret"]
    api.post(f"/webhooks/{webhook['id']}/test")
    [got] = receiver.wait_for(1)
    assert got.headers["x-sendmux-signature"] == "sha256=" + signature(new_secret, got.body)
    assert got.headers["x-sendmux-signature"] != "sha256=" + signature(webhook["secret"], got.body)


def test_every_event_type_has_a_realistic_body(sendmux_emulator: RunningEmulator) -> None:
    by_type = {t: sendmux_emulator.emit(t)["event"] for t in spec()["components"]["schemas"]["EventType"]["enum"]}
    for event in by_type.values():
        assert schema_errors("WebhookEventPayload", event) == []
        assert event["id"].startswith("evt_") and TIMESTAMP.match(event["occurred_at"])
    outbound = ["message.delivered", "message.bounced", "message.complained", "message.rejected"]
    for name in [*outbound, "message.delivery_delayed"]:
        data = by_type[name]["data"]
        assert data["message_id_kind"] == "provider" and data["sendmux_message_id"].startswith("msg_")
        assert data["recipients"] and data["sender"] and data["mailbox_id"] is None and data["is_spam"] is None
    assert by_type["message.bounced"]["data"]["bounce_type"] == "Permanent"
    assert by_type["message.complained"]["data"]["complaint_type"]
    assert by_type["message.rejected"]["data"]["reject_reason"]
    delayed = by_type["message.delivery_delayed"]["data"]
    assert delayed["delay_type"] and TIMESTAMP.match(delayed["delay_expires_at"])
    for name, spam in [("message.received", False), ("message.received.spam", True)]:
        data = by_type[name]["data"]
        assert (data["message_id_kind"], data["is_spam"]) == ("rfc5322", spam)
        assert data["mailbox_id"].startswith("mbx_") and "<" not in data["message_id"]
    assert by_type["message.bounced"]["data"]["complaint_type"] is None
    custom = sendmux_emulator.emit(
        "message.bounced", occurred_at="2026-04-23T10:15:30Z", bounce_type="Transient", recipients=["a@b.example"]
    )["event"]
    assert custom["occurred_at"] == "2026-04-23T10:15:30Z"
    assert (custom["data"]["bounce_type"], custom["data"]["recipients"]) == ("Transient", ["a@b.example"])


def test_events_reach_matching_subscriptions_and_mailbox_filters_apply_to_inbound_only(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file, api_keys=["smx_root_mine", "smx_root_theirs"])
    mine, theirs = client_for(emulator, api_key="smx_root_mine"), client_for(emulator, api_key="smx_root_theirs")
    scoped = create(mine, receiver.url + "/scoped", "message.received", filters={"mailbox_ids": ["mbx_1"]})
    everywhere = create(mine, receiver.url + "/all", "message.received", "message.received.spam")
    outbound = create(mine, receiver.url + "/out", "message.bounced", filters={"mailbox_ids": ["mbx_1"]})
    create(mine, receiver.url + "/off", "message.received", "message.bounced", enabled=False)
    create(theirs, receiver.url + "/theirs", "message.received", "message.bounced")

    assert emulator.emit("message.received", team="smx_root_mine", mailbox_id="mbx_2")["webhook_ids"] == [
        everywhere["id"]
    ]
    assert set(emulator.emit("message.received", team="smx_root_mine", mailbox_id="mbx_1")["webhook_ids"]) == {
        scoped["id"],
        everywhere["id"],
    }
    bounced = emulator.emit("message.bounced", team="smx_root_mine")
    assert bounced["webhook_ids"] == [outbound["id"]]
    assert emulator.emit("sendmux.test", team="smx_root_mine")["webhook_ids"] == []
    got = receiver.wait_for(4)
    assert sorted(r.path for r in got) == ["/all", "/all", "/out", "/scoped"]
    [out] = [r for r in got if r.path == "/out"]
    assert out.headers["x-sendmux-event-id"] == bounced["event"]["id"]
    assert json.loads(out.body) == bounced["event"]


def test_retries_follow_the_schedule_then_the_webhook_is_failing(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    scale = 0.00002  # the whole schedule (17.7 h) in about 1.3 s
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file, time_scale=scale)
    api = client_for(emulator)
    receiver.status, receiver.reply = 503, b"upstream unavailable"
    webhook = create(api, receiver.url, "sendmux.test", "message.bounced")
    event_id = api.post(f"/webhooks/{webhook['id']}/test").json()["data"]["event_id"]

    got = receiver.wait_for(8)
    assert [r.headers["x-sendmux-delivery-attempt"] for r in got] == [str(n) for n in range(1, 9)]
    assert {r.headers["x-sendmux-event-id"] for r in got} == {event_id}
    assert len({r.headers["x-sendmux-timestamp"] + r.headers["x-sendmux-signature-v2"] for r in got}) >= 2
    # Each attempt promises its retry at next_retry_at = its start + the schedule's delay, and the retry starts
    # no earlier. Both are read from the emulator's records, so a busy machine can only make retries later.
    records = emulator.wait_for_deliveries(8, webhook_id=webhook["id"])
    starts = [record["created_at_unix"] for record in records]
    promised = [record["next_retry_at_unix"] for record in records]
    for number, delay in enumerate(SCHEDULE, start=1):
        assert promised[number - 1] == pytest.approx(starts[number - 1] + delay * scale, abs=1e-6), number
        assert starts[number] >= promised[number - 1], (number, starts, promised)
    assert promised[-1] is None

    rows = wait_until(lambda: (r := attempts(api, webhook["id"])) and r[0]["result"] == "failed" and r)
    assert [r["delivery_attempt"] for r in rows] == list(range(8, 0, -1))
    assert [r["result"] for r in rows] == ["failed"] + ["retrying"] * 7
    assert all(r["response_status"] == 503 and r["response_body"] == "upstream unavailable" for r in rows)
    assert rows[0]["next_retry_at"] is None and all(TIMESTAMP.match(r["next_retry_at"]) for r in rows[1:])
    for row in rows:
        payload = api.get(f"/webhooks/{webhook['id']}/deliveries/{row['id']}/payload").json()["data"]
        assert (payload["delivery_attempt"], payload["payload"]["id"]) == (row["delivery_attempt"], event_id)
    assert attempts(api, webhook["id"], result="failed") == rows[:1]
    assert len(attempts(api, webhook["id"], result="retrying", event_type="sendmux.test")) == 7

    assert api.get(f"/webhooks/{webhook['id']}").json()["data"]["failing"] is True
    assert emulator.emit("message.bounced")["webhook_ids"] == []  # failing: new events are skipped
    assert api.post(f"/webhooks/{webhook['id']}/test").status_code == 200  # accepted, not delivered
    still = api.patch(f"/webhooks/{webhook['id']}", json={"enabled": True}).json()["data"]
    assert still["failing"] is True  # already enabled: no false-to-true change

    api.patch(f"/webhooks/{webhook['id']}", json={"enabled": False})
    recovered = api.patch(f"/webhooks/{webhook['id']}", json={"enabled": True}).json()["data"]
    assert (recovered["enabled"], recovered["failing"]) == (True, False)
    assert len(receiver.requests) == 8
    receiver.status = 200
    emulator.emit("message.bounced")
    assert receiver.wait_for(9)[-1].headers["x-sendmux-event-type"] == "message.bounced"


def test_disabling_or_deleting_stops_pending_retries(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file, time_scale=100)  # first retry after 50 min
    api = client_for(emulator)
    receiver.status = 500
    disabled = create(api, receiver.url + "/disabled")
    deleted = create(api, receiver.url + "/deleted")
    api.post(f"/webhooks/{disabled['id']}/test")
    api.post(f"/webhooks/{deleted['id']}/test")
    emulator.wait_for_deliveries(2)
    assert pending_deliveries(emulator) == 2  # both wait for their retry
    api.patch(f"/webhooks/{disabled['id']}", json={"enabled": False})
    api.delete(f"/webhooks/{deleted['id']}")
    [row] = attempts(api, disabled["id"])
    assert (row["result"], row["next_retry_at"]) == ("permanent_failure", None)
    assert api.get(f"/webhooks/{deleted['id']}/deliveries").status_code == 404
    assert pending_deliveries(emulator) == 0  # no retry is left to happen, however long we wait
    assert [r["result"] for r in emulator.deliveries()] == ["permanent_failure", "permanent_failure"]
    assert len(receiver.requests) == 2


def test_non_loopback_targets_are_refused_unless_allowed(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory()
    api = client_for(emulator)
    webhook = create(api, "https://hooks.example.com/sendmux")
    api.post(f"/webhooks/{webhook['id']}/test")
    emulator.wait_for_deliveries(1, webhook_id=webhook["id"])
    assert pending_deliveries(emulator) == 0  # never retried
    [row] = attempts(api, webhook["id"])
    assert row["result"] == "permanent_failure"
    assert row["error_message"].startswith("target_not_allowed: hooks.example.com is not a loopback address")
    assert (row["response_status"], row["response_body"], row["next_retry_at"]) == (None, None, None)
    assert api.get(f"/webhooks/{webhook['id']}").json()["data"]["failing"] is False

    # Allowed, the emulator really tries: the first attempt fails (nothing answers there) and a retry is due.
    # How many retries a busy machine gets through before the test reads the records does not matter.
    anywhere = sendmux_emulator_factory(deliver_anywhere=True, time_scale=0.1)  # receiver timeout: 1 s
    api = client_for(anywhere)
    unreachable = create(api, "https://192.0.2.1/sendmux")  # TEST-NET-1: reserved, nothing answers
    unencodable = create(api, "https://xn--/sendmux")  # a host httpx cannot even encode: nothing is sent
    for webhook in (unreachable, unencodable):
        api.post(f"/webhooks/{webhook['id']}/test")
        first = anywhere.wait_for_deliveries(1, webhook_id=webhook["id"])[0]
        assert (first["delivery_attempt"], first["result"]) == (1, "retrying")
        assert first["error_message"] in {"timeout", "connection_error", "connection_refused"}


def test_failures_are_named(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    untrusting = sendmux_emulator_factory()
    api = client_for(untrusting)
    tls = create(api, receiver.url)
    refused = create(api, f"https://127.0.0.1:{closed_port}/")
    for webhook in (tls, refused):
        api.post(f"/webhooks/{webhook['id']}/test")
    assert wait_until(lambda: attempts(api, tls["id"]))[0]["error_message"] == "tls_error"
    row = wait_until(lambda: attempts(api, refused["id"]))[0]
    assert (row["error_message"], row["result"], row["response_status"]) == ("connection_refused", "retrying", None)

    trusting = sendmux_emulator_factory(ca_file=receiver.ca_file, time_scale=0.05)  # timeout: 1 s (the floor)
    api = client_for(trusting)
    receiver.hold()  # no answer at all until released: only the emulator's timeout can end the attempt
    slow = create(api, receiver.url + "/slow")
    api.post(f"/webhooks/{slow['id']}/test")
    row = wait_until(lambda: attempts(api, slow["id"]))[0]
    assert (row["error_message"], row["response_status"]) == ("timeout", None)
    assert row["response_ms"] >= 1000

    receiver.release()
    receiver.status, receiver.reply = 302, b"x" * 3000
    moved = create(api, receiver.url + "/moved")
    api.post(f"/webhooks/{moved['id']}/test")
    row = wait_until(lambda: attempts(api, moved["id"]))[0]
    assert (row["result"], row["response_status"], row["error_message"]) == ("retrying", 302, None)
    assert row["response_body"] == "x" * 1024


def test_deliveries_list_pages_and_filters_and_payloads_expire(
    receiver: Receiver,
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
) -> None:
    emulator = sendmux_emulator_factory(ca_file=receiver.ca_file)
    api = client_for(emulator)
    webhook = create(api, receiver.url, "sendmux.test", "message.delivered")
    other = create(api, receiver.url, "message.rejected")
    events = [emulator.emit("message.delivered")["event"]["id"] for _ in range(5)]
    events.append(api.post(f"/webhooks/{webhook['id']}/test").json()["data"]["event_id"])
    emulator.emit("message.rejected")
    wait_until(lambda: len(emulator.deliveries()) == 7)

    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get(f"/webhooks/{webhook['id']}/deliveries", params=params).json()
        seen += body["data"]
        if not body["pagination"]["has_more"]:
            break
        cursor = body["pagination"]["next_cursor"]
    assert sorted(r["event_id"] for r in seen) == sorted(events)
    assert [r["id"] for r in seen] == [r["id"] for r in attempts(api, webhook["id"])]
    assert len(api.get(f"/webhooks/{webhook['id']}/deliveries").json()["data"]) == 6  # default limit 25
    assert [r["event_id"] for r in attempts(api, webhook["id"], event_type="sendmux.test")] == events[-1:]
    assert len(attempts(api, webhook["id"], result="success")) == 6
    assert attempts(api, webhook["id"], result="failed") == []

    [foreign] = attempts(api, other["id"])
    assert api.get(f"/webhooks/{webhook['id']}/deliveries/{foreign['id']}/payload").status_code == 404
    assert api.get(f"/webhooks/{webhook['id']}/deliveries/whda_unknown/payload").status_code == 404

    emulator.advance_clock(7 * 24 * 3600 + 1)
    assert attempts(api, webhook["id"]) == []
    expired = api.get(f"/webhooks/{other['id']}/deliveries/{foreign['id']}/payload")
    assert expired.status_code == 404 and expired.json()["error"]["code"] == "not_found"
