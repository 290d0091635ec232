"""What a user's mypy --strict sees. tests/test_typing.py runs mypy over this file: every line marked ``# E:``
must give an error containing the text after it, and no other line may give one. Not imported by anything."""

from __future__ import annotations

import datetime
from typing import assert_type

from sendmux import (
    APIResponse,
    AsyncListIterator,
    AsyncPage,
    AsyncSendmux,
    DeliveryPayload,
    ListIterator,
    Page,
    Sendmux,
    WebhookEvent,
    verify_webhook,
)
from sendmux.models import EventType, WebhookDeliveryAttempt, WebhookEventData, WebhookSubscription


def conditional_reads(client: Sendmux, etag: str) -> None:
    raw = client.webhooks.with_raw_response.get("whk_1", if_none_match=etag)
    assert_type(raw, APIResponse[WebhookSubscription | None])  # a 304 has no data
    print(raw.data.url)  # E: Item "None" of "WebhookSubscription | None" has no attribute "url"
    if raw.data is not None:
        print(raw.data.url)
    fresh = client.webhooks.with_raw_response.get("whk_1")  # no if_none_match: no 304, never None
    assert_type(fresh.data, WebhookSubscription)
    plain = client.webhooks.get("whk_1", if_none_match=etag)
    print(plain.url)  # E: Item "None" of "WebhookSubscription | None" has no attribute "url"
    assert_type(client.webhooks.get("whk_1"), WebhookSubscription)


def event_types(client: Sendmux) -> None:
    client.webhooks.create(url="https://a.example", event_types=["message.bounced", EventType.SENDMUX_TEST])
    client.webhooks.create(url="https://a.example", event_types=["message.from_the_future"])  # newer types pass
    client.webhooks.create(url="https://a.example", event_types=[42])  # E: List item 0 has incompatible type "int"
    client.webhooks.list_deliveries("whk_1", event_type=b"message.bounced")  # E: "EventType | Literal[
    client.webhooks.list_deliveries("whk_1", result="failed")
    client.webhooks.list_deliveries("whk_1", result=1)  # E: "DeliveryResult | Literal['success', 'retrying',


def pages(client: Sendmux) -> None:
    page = client.webhooks.list_page(limit=10, extra_query={"new_filter": "x"}, max_retries=0)
    assert_type(page, Page[WebhookSubscription])
    assert_type(page.get_next_page(), Page[WebhookSubscription])
    items = client.webhooks.list_deliveries("whk_1", cursor="c2")
    assert_type(items, ListIterator[WebhookDeliveryAttempt])
    assert_type(items.cursor, str | None)
    client.webhooks.get("whk_1", extra_body=["a"])  # E: No overload variant of "get" of "Webhooks" matches
    stats = client.request("GET", "/webhooks/whk_1/stats", params={"window": "7d"})  # plain JSON
    assert_type(stats, object)  # E: Expression is of type "Any"
    client.request("GET", "/x", retries=2)  # E: Unexpected keyword argument "retries"


async def async_pages(client: AsyncSendmux, etag: str) -> None:
    raw = await client.webhooks.with_raw_response.get("whk_1", if_none_match=etag)
    print(raw.data.url)  # E: Item "None" of "WebhookSubscription | None" has no attribute "url"
    page = await client.webhooks.list_page()
    assert_type(page, AsyncPage[WebhookSubscription])
    assert_type(await page.get_next_page(), AsyncPage[WebhookSubscription])
    assert_type(client.webhooks.list(), AsyncListIterator[WebhookSubscription])
    print(page.get_next_page().data)  # E: "Coroutine[Any, Any, AsyncPage[WebhookSubscription]]" has no attribute "data"


def events(body: bytes, headers: dict[str, str], delivery: DeliveryPayload) -> None:
    event = verify_webhook(body, headers, "whsec_x")
    assert_type(event, WebhookEvent)
    assert_type(event.type, EventType | str)
    assert_type(event.type_, EventType | str)
    assert_type(event.occurred_at, datetime.datetime)
    assert_type(event.data, WebhookEventData)
    assert_type(delivery.payload, WebhookEvent)
    assert_type(WebhookEvent.from_dict(event.to_dict()), WebhookEvent)
    event.id = 1  # E: Incompatible types in assignment (expression has type "int", variable has type "str")
    event.type = "message.bounced"  # E: Property "type" defined in "WebhookEvent" is read-only
