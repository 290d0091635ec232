"""``on_attempt``: one call per attempt with its outcome and the retry decision, never a header or a body."""

from __future__ import annotations

import httpx
import pytest

import sendmux
from sendmux import Attempt, errors

from .conftest import Client
from .fakes import API_KEY, BASE_URL, SECRET, FakeAPI, error, fail, ok, resolve, subscription

pytestmark = pytest.mark.anyio


def _hooked(client: Client) -> tuple[Client, list[Attempt]]:
    seen: list[Attempt] = []
    return client.with_options(on_attempt=seen.append, max_retries=3), seen


async def test_each_attempt_and_decision_is_reported(client: Client, api: FakeAPI, sleeps: list[float]) -> None:
    hooked, seen = _hooked(client)
    api.queue(
        error(503, "service_unavailable", retryable=True),
        fail(httpx.ConnectError),
        error(429, "rate_limited", retryable=True, headers={"Retry-After": "2"}),
        ok(subscription()),
    )
    await resolve(hooked.webhooks.get("whk_1"))
    url = f"{BASE_URL}/webhooks/whk_1"
    assert seen == [
        Attempt("GET", url, 1, 503, "req_err", "503 service_unavailable", sleeps[0]),
        Attempt("GET", url, 2, None, None, "APIConnectionError", sleeps[1]),
        Attempt("GET", url, 3, 429, "req_err", "the rate limit", 2.0),
        Attempt("GET", url, 4, 200, "req_ok", None, None),
    ]


async def test_the_last_failed_attempt_says_no_retry_follows(client: Client, api: FakeAPI) -> None:
    hooked, seen = _hooked(client)
    hooked = hooked.with_options(max_retries=1)
    api.default = error(500, "internal_error", retryable=True)
    with pytest.raises(errors.InternalServerError):
        await resolve(hooked.webhooks.delete("whk_1"))
    assert [(a.attempt, a.status_code, a.wait is None) for a in seen] == [(1, 500, False), (2, 500, True)]
    api.default = error(422, "invalid_parameter")
    with pytest.raises(errors.UnprocessableEntityError):
        await resolve(hooked.webhooks.create(url="https://a.example", event_types=["message.bounced"]))
    assert (seen[-1].attempt, seen[-1].reason, seen[-1].wait) == (1, "422 invalid_parameter", None)


async def test_the_hook_never_sees_the_key_or_a_secret(client: Client, api: FakeAPI) -> None:
    hooked, seen = _hooked(client.with_options(default_query={"q": "v"}))
    api.queue(error(503, "service_unavailable", retryable=True), ok({**subscription(), "secret": SECRET}, 201))
    await resolve(hooked.webhooks.create(url="https://a.example", event_types=["message.bounced"]))
    assert len(seen) == 2
    for attempt in seen:
        assert API_KEY not in repr(attempt) and SECRET not in repr(attempt) and "q=v" not in attempt.url


def test_a_hook_that_raises_stops_the_call() -> None:
    def broken(attempt: Attempt) -> None:
        raise RuntimeError("hook failed")

    api = FakeAPI()
    api.default = ok(subscription())
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(API_KEY, base_url=BASE_URL, http_client=http, on_attempt=broken)
        with pytest.raises(RuntimeError, match="hook failed"):
            client.webhooks.get("whk_1")
