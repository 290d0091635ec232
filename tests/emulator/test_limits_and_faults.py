"""Rate limiting (429 with Retry-After) and injected faults (500, 503, 429, dropped connections)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import pytest

from sendmux_emulator import RunningEmulator

BODY = {"url": "https://hooks.example.com/sendmux", "event_types": ["sendmux.test"]}


def test_rate_limit_headers_and_429(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(rate_limit=3, api_keys=["smx_root_one", "smx_root_two"])
    # Start just after a window opens (the emulator's clock is the wall clock plus what tests advance), so
    # every request below falls in that window unless the test stalls for a whole minute.
    window_start = (int(time.time()) // 60 + 1) * 60
    emulator.advance_clock(window_start - time.time() + 0.5)
    one, two = client_for(emulator, api_key="smx_root_one"), client_for(emulator, api_key="smx_root_two")
    seen = [one.get("/webhooks") for _ in range(3)]
    assert [r.headers["x-ratelimit-remaining"] for r in seen] == ["2", "1", "0"]
    assert {r.headers["x-ratelimit-limit"] for r in seen} == {"3"}
    assert {r.headers["x-ratelimit-reset"] for r in seen} == {str(window_start + 60)}
    limited = one.post("/webhooks", json=BODY)
    assert limited.status_code == 429
    error = limited.json()["error"]
    assert (error["code"], error["retryable"]) == ("rate_limit_exceeded", True)
    assert 1 <= int(limited.headers["retry-after"]) <= 60  # the seconds left in the window
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert two.get("/webhooks").status_code == 200  # per key
    assert emulator.deliveries() == []  # control routes are never limited
    emulator.advance_clock(60)
    assert one.get("/webhooks").status_code == 200


@pytest.mark.parametrize(
    ("kind", "status", "code", "retry_after"),
    [
        ("500", 500, "internal_error", None),
        ("503", 503, "service_unavailable", "1"),
        ("429", 429, "rate_limit_exceeded", "1"),
    ],
)
def test_answering_faults(
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
    kind: str,
    status: int,
    code: str,
    retry_after: str | None,
) -> None:
    emulator = sendmux_emulator_factory(fault_rate=1.0, fault_kinds=[kind])
    api = client_for(emulator)
    for method, path in [("POST", "/webhooks"), ("GET", "/webhooks"), ("POST", "/webhooks/whk_x/test")]:
        response = api.request(method, path, json=BODY if path == "/webhooks" and method == "POST" else None)
        assert response.status_code == status
        error = response.json()["error"]
        assert (error["code"], error["retryable"]) == (code, True)
        assert response.headers.get("retry-after") == retry_after
    emulator.reset()
    assert emulator.emit("message.bounced")["webhook_ids"] == []  # control routes get no faults
    unauthenticated = client_for(emulator, api_key=None).get("/webhooks")
    assert unauthenticated.status_code == 401  # faults hit authenticated API requests only


def test_dropped_connection_commits_the_change(
    sendmux_emulator_factory: Callable[..., RunningEmulator],
    client_for: Callable[..., httpx.Client],
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator = sendmux_emulator_factory(fault_rate=1.0, fault_kinds=["drop"])
    api = client_for(emulator)
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"), pytest.raises(httpx.RemoteProtocolError):
        api.post("/webhooks", json={**BODY, "url": "https://127.0.0.1:9/"}, headers={"Idempotency-Key": "dropped"})
    assert not [r for r in caplog.records if r.name == "uvicorn.error"]  # deliberate drops are not logged
    assert len(emulator.emit("sendmux.test")["webhook_ids"]) == 1  # the create went through
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/webhooks")


def test_drop_then_retry_with_the_same_key_replays(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    emulator = sendmux_emulator_factory(fault_rate=0.5, fault_kinds=["drop"], fault_seed=1)
    api = client_for(emulator)
    outcomes: list[int | str] = []
    for _ in range(4):
        try:
            outcomes.append(api.post("/webhooks", json=BODY, headers={"Idempotency-Key": "k"}).status_code)
        except httpx.RemoteProtocolError:
            outcomes.append("dropped")
    assert outcomes[0] == "dropped" and 201 in outcomes  # seed 1 drops the first request
    listed = None
    while listed is None:
        try:
            listed = api.get("/webhooks").json()["data"]
        except httpx.RemoteProtocolError:
            continue
    assert len(listed) == 1  # the dropped create was committed once; retries replayed it


def test_drop_sends_no_bytes_at_all(sendmux_emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = sendmux_emulator_factory(fault_rate=1.0, fault_kinds=["drop"])
    address = urlsplit(emulator.base_url)
    with socket.create_connection((address.hostname, address.port), timeout=60) as sock:  # only a hang times out
        auth = f"Authorization: Bearer {emulator.api_key}"
        request = f"GET /api/v1/webhooks HTTP/1.1\r\nHost: {address.netloc}\r\n{auth}\r\n\r\n"  # a Host naming it
        sock.sendall(request.encode())
        assert sock.recv(65536) == b""


def test_faults_are_deterministic_for_a_seed(
    sendmux_emulator_factory: Callable[..., RunningEmulator], client_for: Callable[..., httpx.Client]
) -> None:
    def run(seed: int) -> list[int]:
        emulator = sendmux_emulator_factory(fault_rate=0.4, fault_kinds=["500", "503", "429"], fault_seed=seed)
        api = client_for(emulator)
        return [api.get("/webhooks").status_code for _ in range(30)]

    first, second, other = run(7), run(7), run(8)
    assert first == second
    assert first != other
    assert {500, 503, 429, 200} <= set(first + other)
    assert 0.2 < sum(status != 200 for status in first + other) / 60 < 0.6
