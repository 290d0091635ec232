"""The ``sendmux`` logger tells what happened without ever printing the key, a secret or Authorization."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import httpx
import pytest

import sendmux
from sendmux import errors

from .fakes import API_KEY, SECRET, FakeAPI, error, fail, ok, resolve, subscription

pytestmark = pytest.mark.anyio


async def test_debug_logs_never_contain_the_key_or_secrets(
    client: sendmux.Sendmux | sendmux.AsyncSendmux, api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    api.queue(
        fail(httpx.ReadTimeout),
        ok(subscription(secret=SECRET), status=201),
        error(503, "service_unavailable", retryable=True),
        ok(subscription(secret=SECRET)),
        error(401, "authentication_required", "A valid API key is required."),
    )
    hook = await resolve(client.webhooks.create(url="https://h.example.com/x", event_types=["sendmux.test"]))
    assert hook.secret == SECRET
    await resolve(client.webhooks.rotate_secret("whk_1"))
    with pytest.raises(sendmux.AuthenticationError) as caught:
        await resolve(client.webhooks.get("whk_1"))

    text = caplog.text + str(caught.value) + repr(caught.value)
    assert "retrying POST https://api.sendmux.test/api/v1/webhooks" in caplog.text
    assert "-> 401" in caplog.text
    for secret in (API_KEY, SECRET, "Authorization", "authorization", "Bearer"):
        assert secret not in text


def test_sendmux_log_debug_turns_the_logger_on() -> None:
    body = {"ok": True, "data": subscription(secret=SECRET), "meta": {"request_id": "req_7"}}
    code = f"""
import httpx, sendmux
def handler(request):
    return httpx.Response(200, json={body!r}, headers={{"X-Request-Id": "req_7"}})
http = httpx.Client(transport=httpx.MockTransport(handler))
sendmux.Sendmux(api_key={API_KEY!r}, base_url="https://api.test/v1", http_client=http).webhooks.rotate_secret("whk_1")
"""
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "SENDMUX_LOG": "debug"}
    )
    assert run.returncode == 0, run.stderr
    assert "POST https://api.test/v1/webhooks/whk_1/rotate-secret (attempt 1)" in run.stderr
    assert "request_id=req_7" in run.stderr
    assert API_KEY not in run.stderr and SECRET not in run.stderr

    quiet = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "SENDMUX_LOG": ""}
    )
    assert quiet.returncode == 0 and quiet.stderr == ""


async def test_a_long_wait_is_logged_as_a_warning_with_its_reason_and_length(
    client: sendmux.Sendmux | sendmux.AsyncSendmux, api: FakeAPI, caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.INFO, logger="sendmux")
    api.queue(
        error(429, "rate_limit_exceeded", retryable=True, headers={"Retry-After": "7"}),
        error(503, "service_unavailable", retryable=True),
        ok(subscription()),
    )
    await resolve(client.webhooks.get("whk_1"))
    waits = [(r.levelname, r.getMessage()) for r in caplog.records if "retrying" in r.getMessage()]
    assert waits[0] == (
        "WARNING",
        "retrying GET https://api.sendmux.test/api/v1/webhooks/whk_1 in 7.0 s after the rate limit (retry 1 of 2)",
    )
    assert waits[1][0] == "INFO" and "after 503 service_unavailable" in waits[1][1]
    assert sleeps[0] == 7.0


def test_the_logger_never_shows_the_key_even_when_a_request_fails(caplog: pytest.LogCaptureFixture) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError(f"Illegal header value {request.headers['authorization']!r}")

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    client = sendmux.Sendmux(api_key="smx_root_s3cr3t", base_url="https://api.test/api/v1", http_client=http)
    with caplog.at_level(logging.DEBUG, logger="sendmux"), pytest.raises(errors.APIConnectionError) as info:
        client.webhooks.get("whk_1")
    assert "smx_root_s3cr3t" not in str(info.value)
    assert "smx_root_s3cr3t" not in caplog.text
