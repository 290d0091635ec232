"""Lists are lazy: a page is fetched only when iteration reaches it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import sendmux
from sendmux import errors
from sendmux.models import DeliveryResult, EventType

from .conftest import Client
from .fakes import FakeAPI, collect, error, page, resolve, subscription

pytestmark = pytest.mark.anyio


def attempt(n: int) -> dict[str, Any]:
    return {
        "id": f"whda_{n}",
        "event_id": f"evt_{n}",
        "event_type": "sendmux.test",
        "result": "success",
        "response_status": 200,
        "response_ms": 12,
        "delivery_attempt": 1,
        "max_attempts": 8,
        "next_retry_at": None,
        "error_message": None,
        "response_body": "ok",
        "payload_available": True,
        "payload_expires_at": "2026-05-28T09:12:00Z",
        "request_payload_bytes": 100,
        "request_payload_sha256": None,
        "created_at": "2026-05-21T09:12:00Z",
    }


def test_list_fetches_each_page_only_when_iteration_reaches_it(sync_client: sendmux.Sendmux, api: FakeAPI) -> None:
    api.queue(
        page([subscription(id="whk_1"), subscription(id="whk_2")], next_cursor="c2"),
        page([subscription(id="whk_3")], next_cursor="c3"),
        page([subscription(id="whk_4")]),
    )
    hooks = sync_client.webhooks.list(limit=2)
    assert api.requests == []  # nothing until the first next()
    assert next(hooks).id == "whk_1"
    assert next(hooks).id == "whk_2"
    assert len(api.requests) == 1
    assert next(hooks).id == "whk_3"
    assert len(api.requests) == 2
    assert [h.id for h in hooks] == ["whk_4"]
    assert [dict(r.url.params) for r in api.requests] == [
        {"limit": "2"},
        {"limit": "2", "cursor": "c2"},
        {"limit": "2", "cursor": "c3"},
    ]


async def test_async_list_is_lazy_too(async_client: sendmux.AsyncSendmux, api: FakeAPI) -> None:
    api.queue(page([subscription(id="whk_1")], next_cursor="c2"), page([subscription(id="whk_2")]))
    hooks = async_client.webhooks.list()
    assert api.requests == []
    assert (await anext(hooks)).id == "whk_1"
    assert len(api.requests) == 1
    assert [h.id async for h in hooks] == ["whk_2"]
    assert dict(api.requests[1].url.params) == {"cursor": "c2"}


async def test_list_page_returns_one_page(client: Client, api: FakeAPI) -> None:
    api.queue(page([subscription(id="whk_1")], next_cursor="c2"), page([]))
    first = await resolve(client.webhooks.list_page(limit=1))
    assert isinstance(first, sendmux.Page)
    assert (len(first), first.has_more, first.next_cursor) == (1, True, "c2")
    assert [h.id for h in first] == ["whk_1"]
    last = await resolve(client.webhooks.list_page(cursor=first.next_cursor))
    assert (last.data, last.has_more, last.next_cursor) == ([], False, None)
    assert "limit" not in api.requests[1].url.params  # left to the server's default


async def test_list_deliveries_sends_its_filters_on_every_page(client: Client, api: FakeAPI) -> None:
    api.queue(page([attempt(1)], next_cursor="c2"), page([attempt(2)]))
    attempts = await collect(
        client.webhooks.list_deliveries("whk_1", event_type=EventType.SENDMUX_TEST, result="success", limit=1)
    )
    assert [a.id for a in attempts] == ["whda_1", "whda_2"]
    assert attempts[0].result is DeliveryResult.SUCCESS
    for request, cursor in zip(api.requests, [None, "c2"], strict=True):
        assert request.url.path == "/api/v1/webhooks/whk_1/deliveries"
        params = dict(request.url.params)
        assert params.pop("cursor", None) == cursor
        assert params == {"event_type": "sendmux.test", "result": "success", "limit": "1"}


async def test_list_deliveries_checks_its_arguments_before_iterating(client: Client, api: FakeAPI) -> None:
    with pytest.raises(ValueError, match="event_type must not be empty"):
        client.webhooks.list_deliveries("whk_1", event_type="")
    with pytest.raises(TypeError, match="result must be a string"):
        client.webhooks.with_raw_response.list_deliveries("whk_1", result=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="webhook_id"):
        client.webhooks.list_deliveries("")
    assert api.requests == []


async def test_raw_list_yields_each_pages_answer(client: Client, api: FakeAPI) -> None:
    api.queue(page([subscription(id="whk_1")], next_cursor="c2"), page([subscription(id="whk_2")]))
    answers = await collect(client.webhooks.with_raw_response.list(limit=1))
    assert [a.status_code for a in answers] == [200, 200]
    assert [[h.id for h in a.data] for a in answers] == [["whk_1"], ["whk_2"]]
    assert answers[0].request_id == "req_ok"


async def test_iteration_stops_when_a_page_says_more_but_gives_no_cursor(client: Client, api: FakeAPI) -> None:
    body = {"ok": True, "data": [subscription()], "pagination": {"has_more": True}, "meta": {"request_id": "r"}}
    api.queue(httpx.Response(200, json=body))
    assert [h.id for h in await collect(client.webhooks.list())] == ["whk_1"]
    assert len(api.requests) == 1


async def test_a_page_fetches_the_next_with_the_same_arguments(client: Client, api: FakeAPI) -> None:
    api.queue(page([attempt(1)], next_cursor="c2"), page([attempt(2)]))
    first = await resolve(client.webhooks.list_deliveries_page("whk_1", limit=1, result="failed"))
    assert first.has_next_page()
    second = await resolve(first.get_next_page())
    assert [d.id for d in second] == ["whda_2"]
    assert type(second) is type(first)  # AsyncPage from AsyncSendmux: its get_next_page is awaited
    assert dict(api.last.url.params) == {"limit": "1", "result": "failed", "cursor": "c2"}
    assert not second.has_next_page()
    with pytest.raises(sendmux.SendmuxError, match="last page"):
        await resolve(second.get_next_page())
    assert len(api.requests) == 2


def test_a_page_made_by_hand_cannot_fetch_the_next() -> None:
    made = sendmux.Page([1], has_more=True, next_cursor="c2")
    assert made.has_next_page()
    with pytest.raises(sendmux.SendmuxError, match="not fetched by a client"):
        made.get_next_page()


async def test_the_iterator_tells_the_cursor_to_resume_from(client: Client, api: FakeAPI) -> None:
    api.queue(page([attempt(1), attempt(2)], next_cursor="c2"), page([attempt(3)], next_cursor="c3"), page([]))
    deliveries = client.webhooks.list_deliveries("whk_1")
    assert deliveries.cursor is None  # nothing read: resume from the first page

    async def take() -> str:
        item = await deliveries.__anext__() if hasattr(deliveries, "__anext__") else next(deliveries)
        return str(item.id)

    assert await take() == "whda_1"
    assert deliveries.cursor is None  # whda_2 is still to come from the first page
    assert await take() == "whda_2"
    assert deliveries.cursor == "c2"  # the first page is read to its end: resume from the second
    assert await take() == "whda_3"
    assert deliveries.cursor == "c3"
    assert await collect(deliveries) == []  # the last page is empty
    assert deliveries.cursor == "c3"  # resuming reads the last page again, with what was added since
    assert [r.url.params.get("cursor") for r in api.requests] == [None, "c2", "c3"]


async def test_a_failed_fetch_leaves_the_cursor_where_it_was(client: Client, api: FakeAPI) -> None:
    api.queue(page([attempt(1)], next_cursor="c2"), error(400, "invalid_cursor"))
    deliveries = client.with_options(max_retries=0).webhooks.list_deliveries("whk_1")
    with pytest.raises(sendmux.BadRequestError):
        await collect(deliveries)
    assert deliveries.cursor == "c2"


async def test_a_cursor_handed_out_twice_raises_instead_of_looping(client: Client, api: FakeAPI) -> None:
    api.queue(
        page([subscription(id="whk_1")], next_cursor="A"),
        page([subscription(id="whk_2")], next_cursor="B"),
        page([subscription(id="whk_3")], next_cursor="A"),
    )
    with pytest.raises(errors.APIResponseValidationError, match="cursor 'A' a second time"):
        await collect(client.webhooks.list())
    assert len(api.requests) == 3
