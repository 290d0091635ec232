"""``update(..., if_match=...)`` tells the truth when an answer was lost: applied is success, not a conflict.

The retry of a conditional write resends the old ``If-Match``; if the lost attempt was applied, the ETag has
moved and the retry gets 409. The client then reads the webhook once: holding every field it sent means the
write was applied, and the call returns it.
"""

from __future__ import annotations

import json

import httpx
import pytest

import sendmux

from .conftest import Client
from .fakes import FakeAPI, error, fail, ok, resolve, subscription

pytestmark = pytest.mark.anyio

STALE = error(409, "conflict", "The webhook changed.", headers={"ETag": 'W/"v2"'})


async def test_a_409_after_a_lost_answer_reads_the_webhook_and_returns_it_when_the_write_applied(
    client: Client, api: FakeAPI
) -> None:
    applied = subscription(name="Renamed", event_types=["message.bounced"])
    api.queue(fail(httpx.RemoteProtocolError), STALE, ok(applied, headers={"ETag": 'W/"v2"'}))
    hook = await resolve(
        client.webhooks.update(
            "whk_1", name="Renamed", event_types=["message.bounced", "message.bounced"], if_match='W/"v1"'
        )
    )
    assert hook.name == "Renamed"
    patch, retry, read = api.requests
    assert (patch.method, retry.method, read.method) == ("PATCH", "PATCH", "GET")
    assert retry.headers["if-match"] == 'W/"v1"' and "if-match" not in read.headers
    assert read.url.path == patch.url.path


async def test_raw_update_says_the_answer_came_from_the_read(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ReadTimeout), STALE, ok(subscription(enabled=False), headers={"ETag": 'W/"v2"'}))
    raw = await resolve(client.webhooks.with_raw_response.update("whk_1", enabled=False, if_match='W/"v1"'))
    assert (raw.status_code, raw.etag, raw.data.enabled, raw.retries_taken) == (200, 'W/"v2"', False, 1)


async def test_the_conflict_stands_when_the_webhook_holds_something_else(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.RemoteProtocolError), STALE, ok(subscription(name="Someone else's")))
    with pytest.raises(sendmux.ConflictError) as caught:
        await resolve(client.webhooks.update("whk_1", name="Mine", if_match='W/"v1"'))
    assert caught.value.headers["etag"] == 'W/"v2"'
    assert [r.method for r in api.requests] == ["PATCH", "PATCH", "GET"]


async def test_a_409_on_the_first_attempt_is_a_conflict_without_a_read(client: Client, api: FakeAPI) -> None:
    api.queue(STALE)
    with pytest.raises(sendmux.ConflictError):
        await resolve(client.webhooks.update("whk_1", name="Mine", if_match='W/"v1"'))
    assert [r.method for r in api.requests] == ["PATCH"]


async def test_no_read_after_an_attempt_that_never_reached_the_server(client: Client, api: FakeAPI) -> None:
    api.queue(fail(httpx.ConnectError), STALE)
    with pytest.raises(sendmux.ConflictError):
        await resolve(client.webhooks.update("whk_1", name="Mine", if_match='W/"v1"'))
    assert [r.method for r in api.requests] == ["PATCH", "PATCH"]


async def test_the_read_is_retried_like_any_call(client: Client, api: FakeAPI) -> None:
    busy = error(503, "service_unavailable", retryable=True)
    api.queue(fail(httpx.RemoteProtocolError), STALE, busy, fail(httpx.ReadTimeout), ok(subscription(name="Mine")))
    hook = await resolve(client.webhooks.update("whk_1", name="Mine", if_match='W/"v1"'))
    assert hook.name == "Mine"
    assert [r.method for r in api.requests] == ["PATCH", "PATCH", "GET", "GET", "GET"]


async def test_a_read_that_keeps_failing_raises_its_own_error_not_a_conflict(client: Client, api: FakeAPI) -> None:
    """Whether the write applied is then unknown: a ConflictError would say it did not."""
    busy = error(503, "service_unavailable", retryable=True)
    api.queue(fail(httpx.RemoteProtocolError), STALE, busy, busy, busy)
    with pytest.raises(sendmux.ServiceUnavailableError) as caught:
        await resolve(client.webhooks.update("whk_1", name="Mine", if_match='W/"v1"'))
    assert isinstance(caught.value.__cause__, sendmux.ConflictError)
    assert [r.method for r in api.requests] == ["PATCH", "PATCH", "GET", "GET", "GET"]
    assert json.loads(api.requests[1].content) == {"name": "Mine"}
