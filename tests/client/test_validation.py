"""Arguments the spec forbids are refused with a ValueError/TypeError naming the field, before any request.

Every limit here is read from openapi.yaml (the checks are generated from it), never written by hand.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sendmux.models import EventType, WebhookFilters, WebhookFiltersInput

from .conftest import Client
from .fakes import SPEC, FakeAPI, ok, resolve, subscription

pytestmark = pytest.mark.anyio

_SCHEMAS = SPEC["components"]["schemas"]
NAME_MAX: int = _SCHEMAS["WebhookCreateBody"]["properties"]["name"]["maxLength"]
KEY_MAX: int = SPEC["components"]["parameters"]["IdempotencyKey"]["schema"]["maxLength"]
URL_MAX: int = _SCHEMAS["HttpsUrl"]["maxLength"]
_LIMIT = next(p for p in SPEC["paths"]["/webhooks"]["get"]["parameters"] if p.get("name") == "limit")["schema"]
LIMIT_RANGE: tuple[int, int] = (_LIMIT["minimum"], _LIMIT["maximum"])

CREATE: dict[str, Any] = {"url": "https://hooks.example.com/sendmux", "event_types": ["message.bounced"]}


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"url": "http://hooks.example.com/sendmux"}, ValueError, "url"),
        ({"url": "hooks.example.com"}, ValueError, "url"),
        ({"event_types": []}, ValueError, "event_types"),
        ({"event_types": "message.bounced"}, TypeError, "event_types"),
        ({"event_types": ["message.bounced", ""]}, ValueError, r"event_types\[1\] must not be empty"),
        ({"event_types": ["message.bounced", 7]}, TypeError, r"event_types\[1\] must be a string"),
        ({"name": ""}, ValueError, "name"),
        ({"name": "x" * (NAME_MAX + 1)}, ValueError, "name"),
        ({"url": "https://h.example/" + "a" * URL_MAX}, ValueError, "url"),
        ({"filters": {"mailbox_id": ["mbx_1"]}}, ValueError, "filters"),
        ({"filters": {}}, ValueError, "mailbox_ids"),
        ({"filters": {"mailbox_ids": "mbx_1"}}, TypeError, "mailbox_ids"),
        ({"filters": ["mbx_1"]}, TypeError, "filters"),
        ({"idempotency_key": ""}, ValueError, "idempotency_key"),
        ({"idempotency_key": "k" * (KEY_MAX + 1)}, ValueError, "idempotency_key"),
        ({"idempotency_key": "clé"}, ValueError, "idempotency_key"),
        ({"idempotency_key": "a\nb"}, ValueError, "idempotency_key"),
    ],
)
async def test_create_refuses_bad_arguments_before_any_request(
    client: Client, api: FakeAPI, changes: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error, match=field):
        await resolve(client.webhooks.create(**{**CREATE, **changes}))
    assert api.requests == []


@pytest.mark.parametrize("method", ["rotate_secret", "send_test"])
@pytest.mark.parametrize(
    "key", ["", "k" * (KEY_MAX + 1), "clé", "a\nb"], ids=["empty", "too-long", "non-ascii", "newline"]
)
async def test_every_post_refuses_a_bad_idempotency_key_before_any_request(
    client: Client, api: FakeAPI, method: str, key: str
) -> None:
    with pytest.raises(ValueError, match="idempotency_key"):
        await resolve(getattr(client.webhooks, method)("whk_1", idempotency_key=key))
    assert api.requests == []


@pytest.mark.parametrize("method", ["rotate_secret", "send_test"])
async def test_every_post_takes_a_key_of_the_longest_length(client: Client, api: FakeAPI, method: str) -> None:
    api.default = ok({"event_id": "evt_1"}) if method == "send_test" else ok(subscription(secret="whsec_x"))
    await resolve(getattr(client.webhooks, method)("whk_1", idempotency_key="k" * KEY_MAX))
    assert api.last.headers["idempotency-key"] == "k" * KEY_MAX


async def test_create_accepts_strings_enums_dicts_and_models(client: Client, api: FakeAPI) -> None:
    api.default = ok(subscription(secret="whsec_x"), status=201)
    await resolve(
        client.webhooks.create(
            url="https://hooks.example.com/sendmux",
            event_types=[EventType.MESSAGE_RECEIVED, "sendmux.test"],
            name="x" * NAME_MAX,
            filters={"mailbox_ids": ["mbx_1"]},
            enabled=False,
            idempotency_key="k" * KEY_MAX,
        )
    )
    await resolve(client.webhooks.create(**CREATE, filters=WebhookFiltersInput(mailbox_ids=["mbx_2"])))
    await resolve(client.webhooks.create(**CREATE, filters=WebhookFilters(mailbox_ids=["mbx_3"])))
    await resolve(client.webhooks.create(**CREATE))
    bodies = [json.loads(r.content) for r in api.requests]
    assert bodies[0] == {
        "url": "https://hooks.example.com/sendmux",
        "event_types": ["message.received", "sendmux.test"],
        "name": "x" * NAME_MAX,
        "filters": {"mailbox_ids": ["mbx_1"]},
        "enabled": False,
    }
    assert bodies[1]["filters"] == {"mailbox_ids": ["mbx_2"]}
    assert bodies[2]["filters"] == {"mailbox_ids": ["mbx_3"]}
    assert bodies[3] == CREATE  # nothing sent for the keywords left out
    assert api.requests[0].headers["idempotency-key"] == "k" * KEY_MAX


async def test_an_event_type_this_package_does_not_know_is_sent_as_it_is(client: Client, api: FakeAPI) -> None:
    """The API knows every event type there is; a newer one must not wait for a new release of this package."""
    api.queue(ok(subscription(secret="whsec_x"), status=201), ok([], pagination={"has_more": False}))
    fictional = "test.fictional_event"
    await resolve(client.webhooks.create(url=CREATE["url"], event_types=[fictional, EventType.SENDMUX_TEST]))
    await resolve(client.webhooks.list_deliveries_page("whk_1", event_type=fictional, result="bounced_later"))
    assert json.loads(api.requests[0].content)["event_types"] == ["test.fictional_event", "sendmux.test"]
    assert dict(api.requests[1].url.params) == {"event_type": "test.fictional_event", "result": "bounced_later"}


async def test_update_sends_only_the_given_fields_and_name_none_clears(client: Client, api: FakeAPI) -> None:
    api.default = ok(subscription())
    await resolve(client.webhooks.update("whk_1", enabled=True))
    await resolve(client.webhooks.update("whk_1", name=None))
    await resolve(client.webhooks.update("whk_1"))
    await resolve(
        client.webhooks.update(
            "whk_1",
            url="https://new.example.com/h",
            event_types=["message.delivered"],
            name="New",
            filters={"mailbox_ids": []},
            enabled=False,
        )
    )
    assert [json.loads(r.content) for r in api.requests] == [
        {"enabled": True},
        {"name": None},
        {},
        {
            "url": "https://new.example.com/h",
            "event_types": ["message.delivered"],
            "name": "New",
            "filters": {"mailbox_ids": []},
            "enabled": False,
        },
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "http://x.example.com"}, "url"),
        ({"event_types": []}, "event_types"),
        ({"name": ""}, "name"),
        ({"filters": {"mailbox_ids": [], "extra": 1}}, "filters"),
    ],
)
async def test_update_refuses_bad_arguments_before_any_request(
    client: Client, api: FakeAPI, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        await resolve(client.webhooks.update("whk_1", **changes))
    assert api.requests == []


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("get", ("",)),
        ("update", ("",)),
        ("delete", ("",)),
        ("rotate_secret", ("",)),
        ("send_test", ("",)),
        ("list_deliveries_page", ("",)),
        ("get_delivery_payload", ("whk_1", "")),
    ],
)
async def test_ids_must_not_be_empty(client: Client, api: FakeAPI, method: str, args: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="_id"):
        await resolve(getattr(client.webhooks, method)(*args))
    assert api.requests == []


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "message"),
    [
        ("get", (5,), {}, "webhook_id must be a string, got int"),
        ("get_delivery_payload", ("whk_1", None), {}, "delivery_id must be a string, got NoneType"),
        ("create", (), {**CREATE, "url": 5}, "url must be a string, got int"),
        ("create", (), {**CREATE, "name": 5}, "name must be a string or None, got int"),
        ("update", ("whk_1",), {"name": ["x"]}, "name must be a string or None, got list"),
        ("list_page", (), {"limit": "10"}, "limit must be an int, got str"),
        ("list_page", (), {"limit": True}, "limit must be an int, got bool"),
        ("list_deliveries_page", ("whk_1",), {"limit": 2.0}, "limit must be an int, got float"),
        # the lazy iterators check at the call, not at the first next()
        ("list", (), {"limit": "10"}, "limit must be an int, got str"),
        ("list_deliveries", ("whk_1",), {"limit": "10"}, "limit must be an int, got str"),
    ],
)
async def test_an_argument_of_the_wrong_type_is_a_type_error_naming_it(
    client: Client, api: FakeAPI, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        await resolve(getattr(client.webhooks, method)(*args, **kwargs))
    assert api.requests == []


async def test_ids_are_escaped_into_the_path(client: Client, api: FakeAPI) -> None:
    api.queue(ok(subscription()))
    await resolve(client.webhooks.get("whk/../1"))
    assert api.last.url.raw_path == b"/api/v1/webhooks/whk%2F..%2F1"


@pytest.mark.parametrize("enabled", [None, 1, "yes"])
async def test_update_enabled_must_be_a_bool_before_any_request(client: Client, api: FakeAPI, enabled: object) -> None:
    with pytest.raises(TypeError, match="enabled must be True or False"):
        await resolve(client.webhooks.update("whk_1", enabled=enabled))  # type: ignore[arg-type]
    assert api.requests == []


@pytest.mark.parametrize("method", ["list_page", "list", "list_deliveries_page", "list_deliveries"])
async def test_a_page_size_outside_the_specs_range_is_refused_before_any_request(
    client: Client, api: FakeAPI, method: str
) -> None:
    low, high = LIMIT_RANGE
    args = () if method.startswith("list_page") or method == "list" else ("whk_1",)
    for limit in (low - 1, high + 1):
        with pytest.raises(ValueError, match=f"limit must be at least {low} and at most {high}, got {limit}"):
            await resolve(getattr(client.webhooks, method)(*args, limit=limit))
    assert api.requests == []
    api.default = ok([], pagination={"has_more": False})
    for limit in (low, high):
        await resolve(client.webhooks.list_page(limit=limit))
    assert [r.url.params["limit"] for r in api.requests] == [str(low), str(high)]


@pytest.mark.parametrize("etag", ['W/"caf\u00e9"', "", 'W/"a"\n'])
async def test_an_etag_no_header_can_carry_is_refused_before_any_request(
    client: Client, api: FakeAPI, etag: str
) -> None:
    with pytest.raises(ValueError, match="if_match"):
        await resolve(client.webhooks.update("whk_1", enabled=True, if_match=etag))
    with pytest.raises(ValueError, match="if_none_match"):
        await resolve(client.webhooks.with_raw_response.get("whk_1", if_none_match=etag))
    assert api.requests == []


@pytest.mark.parametrize("key", ["a ", " a", " "])
async def test_an_idempotency_key_with_edge_spaces_is_refused(client: Client, api: FakeAPI, key: str) -> None:
    with pytest.raises(ValueError, match="idempotency_key"):
        await resolve(client.webhooks.send_test("whk_1", idempotency_key=key))
    assert api.requests == []
