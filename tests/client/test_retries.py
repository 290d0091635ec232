"""What is retried, how long the client waits, and that every attempt of a call is the same request."""

from __future__ import annotations

import time
from email.utils import formatdate
from typing import Any

import httpx
import pytest

import sendmux
from sendmux import errors
from sendmux._retry import RetryPolicy

from .conftest import Client
from .fakes import FakeAPI, error, fail, ok, resolve, subscription

pytestmark = pytest.mark.anyio

CREATE: dict[str, Any] = {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"]}


def created() -> httpx.Response:
    return ok(subscription(secret="whsec_x"), status=201)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried(client: Client, api: FakeAPI, sleeps: list[float], status: int) -> None:
    api.queue(error(status, "internal_error", retryable=True), ok(subscription()))
    hook = await resolve(client.webhooks.get("whk_1"))
    assert hook.id == "whk_1"
    assert len(api.requests) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "invalid_parameter"),
        (401, "authentication_required"),
        (403, "insufficient_permissions"),
        (404, "not_found"),
        (409, "conflict"),
        (409, "limit_exceeded"),
        (413, "payload_too_large"),
        (422, "validation_error"),
        (501, "internal_error"),
    ],
)
async def test_other_statuses_are_not_retried(
    client: Client, api: FakeAPI, sleeps: list[float], status: int, code: str
) -> None:
    api.default = error(status, code, retryable=True)  # the status decides, even if the body says retryable
    with pytest.raises(errors.APIError):
        await resolve(client.webhooks.create(**CREATE))
    assert len(api.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_retryable_false_in_the_body_is_never_retried(
    client: Client, api: FakeAPI, sleeps: list[float], status: int
) -> None:
    api.default = error(status, "internal_error", retryable=False)
    with pytest.raises(errors.APIError) as caught:
        await resolve(client.webhooks.get("whk_1"))
    assert caught.value.retryable is False
    assert len(api.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("exc", "raised"),
    [
        (httpx.ConnectError, errors.APIConnectionError),
        (httpx.ConnectTimeout, errors.APITimeoutError),
        (httpx.ReadTimeout, errors.APITimeoutError),
        (httpx.WriteTimeout, errors.APITimeoutError),
        (httpx.PoolTimeout, errors.APITimeoutError),
        (httpx.ReadError, errors.APIConnectionError),
        (httpx.WriteError, errors.APIConnectionError),
        (httpx.RemoteProtocolError, errors.APIConnectionError),
    ],
)
async def test_transport_failures_are_retried_then_raised_typed(
    client: Client,
    api: FakeAPI,
    sleeps: list[float],
    exc: type[httpx.RequestError],
    raised: type[errors.APIConnectionError],
) -> None:
    api.queue(fail(exc), ok(subscription()))
    assert (await resolve(client.webhooks.get("whk_1"))).id == "whk_1"
    assert len(api.requests) == 2

    api.requests.clear()
    api.default = fail(exc, "boom")
    with pytest.raises(errors.APIConnectionError) as caught:
        await resolve(client.webhooks.get("whk_1"))
    assert type(caught.value) is raised
    assert isinstance(caught.value.__cause__, exc)
    assert "boom" in str(caught.value)
    assert len(api.requests) == 3  # the first attempt and max_retries=2 retries


@pytest.mark.parametrize("exc", [httpx.UnsupportedProtocol, httpx.LocalProtocolError])
async def test_failures_a_resend_cannot_fix_are_not_retried(
    client: Client, api: FakeAPI, exc: type[httpx.RequestError]
) -> None:
    api.default = fail(exc)
    with pytest.raises(errors.APIConnectionError):
        await resolve(client.webhooks.get("whk_1"))
    assert len(api.requests) == 1


@pytest.mark.parametrize("max_retries", [0, 1, 4])
async def test_the_budget_is_respected_per_client_and_per_call(
    client: Client, api: FakeAPI, sleeps: list[float], max_retries: int
) -> None:
    api.default = error(503, "service_unavailable", retryable=True)
    with pytest.raises(errors.ServiceUnavailableError):
        await resolve(client.with_options(max_retries=max_retries).webhooks.get("whk_1"))
    assert len(api.requests) == max_retries + 1
    assert len(sleeps) == max_retries
    assert client.max_retries == 2  # the original is unchanged


def test_max_retries_on_the_constructor(api: FakeAPI) -> None:
    api.default = fail(httpx.ConnectError)
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        client = sendmux.Sendmux(api_key="k", base_url="https://x.test", max_retries=5, http_client=http)
        with pytest.raises(errors.APIConnectionError):
            client.webhooks.get("whk_1")
    assert len(api.requests) == 6
    with pytest.raises(ValueError, match="max_retries"):
        sendmux.Sendmux(api_key="k", max_retries=-1)


async def test_backoff_grows_exponentially_with_jitter_and_is_capped(
    client: Client, api: FakeAPI, sleeps: list[float]
) -> None:
    api.default = error(500, "internal_error", retryable=True)
    with pytest.raises(errors.InternalServerError):
        await resolve(client.with_options(max_retries=7).webhooks.get("whk_1"))
    nominal = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert len(sleeps) == len(nominal)
    for slept, base in zip(sleeps, nominal, strict=True):
        assert 0.75 * base <= slept <= base


async def test_retry_after_seconds_is_honoured(client: Client, api: FakeAPI, sleeps: list[float]) -> None:
    api.queue(
        error(429, "rate_limit_exceeded", retryable=True, headers={"Retry-After": "3"}),
        error(503, "service_unavailable", retryable=True, headers={"Retry-After": "0"}),
        ok(subscription()),
    )
    await resolve(client.webhooks.get("whk_1"))
    assert sleeps == [3.0, 0.0]


async def test_retry_after_as_an_http_date_is_honoured(client: Client, api: FakeAPI, sleeps: list[float]) -> None:
    when = formatdate(time.time() + 20, usegmt=True)
    api.queue(error(429, "rate_limit_exceeded", retryable=True, headers={"Retry-After": when}), ok(subscription()))
    await resolve(client.webhooks.get("whk_1"))
    (slept,) = sleeps
    assert 17.0 <= slept <= 20.0


async def test_retry_after_above_the_cap_raises_instead_of_sleeping(
    client: Client, api: FakeAPI, sleeps: list[float]
) -> None:
    api.default = error(429, "rate_limit_exceeded", retryable=True, headers={"Retry-After": "3600"})
    with pytest.raises(errors.RateLimitError) as caught:
        await resolve(client.webhooks.get("whk_1"))
    assert caught.value.retry_after == 3600.0
    assert len(api.requests) == 1
    assert sleeps == []


async def test_unreadable_retry_after_falls_back_to_backoff(client: Client, api: FakeAPI, sleeps: list[float]) -> None:
    api.queue(error(503, "service_unavailable", retryable=True, headers={"Retry-After": "soon"}), ok(subscription()))
    await resolve(client.webhooks.get("whk_1"))
    (slept,) = sleeps
    assert 0.375 <= slept <= 0.5


async def test_every_attempt_of_a_post_sends_the_same_idempotency_key(client: Client, api: FakeAPI) -> None:
    api.queue(error(503, "service_unavailable", retryable=True), fail(httpx.ReadTimeout), created())
    await resolve(client.webhooks.create(**CREATE))
    keys = [r.headers["idempotency-key"] for r in api.requests]
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert len({r.content for r in api.requests}) == 1

    api.requests.clear()
    api.queue(created(), created())
    await resolve(client.webhooks.create(**CREATE))
    await resolve(client.webhooks.create(**CREATE))
    first, second = (r.headers["idempotency-key"] for r in api.requests)
    assert first != second != keys[0]  # a fresh key for every call


@pytest.mark.parametrize("method", ["create", "rotate_secret", "send_test"])
async def test_the_callers_key_is_sent_on_every_attempt(client: Client, api: FakeAPI, method: str) -> None:
    reply = ok({"event_id": "evt_1"}) if method == "send_test" else created()
    api.queue(fail(httpx.RemoteProtocolError), error(502, "internal_error", retryable=True), reply)
    if method == "create":
        await resolve(client.webhooks.create(**CREATE, idempotency_key="provision-tenant-42"))
    else:
        await resolve(getattr(client.webhooks, method)("whk_1", idempotency_key="provision-tenant-42"))
    assert [r.headers["idempotency-key"] for r in api.requests] == ["provision-tenant-42"] * 3


async def test_idempotency_conflict_on_the_first_attempt_raises_at_once(
    client: Client, api: FakeAPI, sleeps: list[float]
) -> None:
    api.default = error(409, "idempotency_conflict", "This Idempotency-Key was used with a different request.")
    with pytest.raises(errors.IdempotencyConflictError):
        await resolve(client.webhooks.create(**CREATE, idempotency_key="k1"))
    assert len(api.requests) == 1
    assert sleeps == []


async def test_idempotency_conflict_after_a_lost_answer_means_in_flight_and_is_retried(
    client: Client, api: FakeAPI, sleeps: list[float]
) -> None:
    api.queue(fail(httpx.ReadTimeout), error(409, "idempotency_conflict", "Still running."), created())
    hook = await resolve(client.webhooks.create(**CREATE, idempotency_key="k1"))
    assert hook.secret == "whsec_x"
    assert len(api.requests) == 3
    assert len(sleeps) == 2


async def test_in_flight_conflicts_share_the_call_budget(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ReadTimeout))
    api.default = error(409, "idempotency_conflict", "Still running.")
    with pytest.raises(errors.IdempotencyConflictError):
        await resolve(client.webhooks.create(**CREATE))
    assert len(api.requests) == 3


@pytest.mark.parametrize(
    "first",
    [
        fail(httpx.ConnectError),
        error(503, "service_unavailable", retryable=True),
        error(429, "rate_limited", retryable=True),
    ],
    ids=["connect-error", "503", "429"],
)
async def test_idempotency_conflict_on_any_retry_is_waited_out_even_when_the_first_attempt_did_nothing(
    client: Client, api: FakeAPI, sleeps: list[float], first: httpx.Response
) -> None:
    # The first attempt never ran, so the 409 is a twin process's request with this key still running;
    # waiting gets the twin's stored answer, which is what a shared key is for.
    api.queue(first, error(409, "idempotency_conflict", "Still running."), created())
    hook = await resolve(client.webhooks.create(**CREATE, idempotency_key="shared-with-a-twin"))
    assert hook.secret == "whsec_x"
    assert [r.headers["idempotency-key"] for r in api.requests] == ["shared-with-a-twin"] * 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "first",
    [fail(httpx.ReadTimeout), fail(httpx.RemoteProtocolError), error(500, "internal_error", retryable=True)],
    ids=["read-timeout", "dropped", "500"],
)
async def test_delete_that_finds_the_webhook_gone_after_a_lost_answer_succeeds(
    client: Client, api: FakeAPI, first: httpx.Response
) -> None:
    api.queue(first, error(404, "not_found", "Webhook not found."))
    deleted = await resolve(client.webhooks.delete("whk_1"))
    assert (deleted.deleted, deleted.id) == (True, "whk_1")

    api.queue(fail(httpx.ReadTimeout), error(404, "not_found"))
    raw = await resolve(client.webhooks.with_raw_response.delete("whk_1"))
    assert raw.status_code == 404
    assert raw.data.id == "whk_1"
    assert raw.retries_taken == 1


async def test_delete_of_an_unknown_webhook_still_raises_not_found(client: Client, api: FakeAPI) -> None:
    api.queue(error(404, "not_found"))
    with pytest.raises(errors.NotFoundError):
        await resolve(client.webhooks.delete("whk_never"))
    api.queue(fail(httpx.ConnectError), error(404, "not_found"))  # the first attempt never reached the server
    with pytest.raises(errors.NotFoundError):
        await resolve(client.webhooks.delete("whk_never"))


async def test_get_that_finds_nothing_after_a_lost_answer_still_raises(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ReadTimeout), error(404, "not_found"))
    with pytest.raises(errors.NotFoundError):
        await resolve(client.webhooks.get("whk_1"))


async def test_patch_is_retried_with_the_same_body(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ReadTimeout), error(502, "internal_error", retryable=True), ok(subscription(enabled=False)))
    hook = await resolve(client.webhooks.update("whk_1", enabled=False, if_match='W/"abc"'))
    assert hook.enabled is False
    assert [r.method for r in api.requests] == ["PATCH"] * 3
    assert {r.content for r in api.requests} == {b'{"enabled":false}'}
    assert {r.headers["if-match"] for r in api.requests} == {'W/"abc"'}
    assert all("idempotency-key" not in r.headers for r in api.requests)


async def test_raw_response_counts_retries(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ConnectError), error(503, "service_unavailable", retryable=True), ok(subscription()))
    raw = await resolve(client.webhooks.with_raw_response.get("whk_1"))
    assert raw.retries_taken == 2


def test_backoff_never_overflows() -> None:
    policy = RetryPolicy(5000)
    assert 0 < policy.backoff(4999) <= policy.max_delay


async def test_delete_counts_only_an_api_not_found_as_already_deleted(client: Client, api: FakeAPI) -> None:
    html_404 = httpx.Response(404, content=b"<html>no such route</html>", headers={"content-type": "text/html"})
    api.queue(fail(httpx.ReadTimeout), html_404)  # a proxy's page, not the API saying the webhook is gone
    with pytest.raises(errors.NotFoundError) as info:
        await resolve(client.webhooks.delete("whk_1"))
    assert info.value.code is None
    api.queue(fail(httpx.ProxyError), error(404, "not_found"))  # the proxy refused: nothing reached the API
    with pytest.raises(errors.NotFoundError):
        await resolve(client.webhooks.delete("whk_never"))
