"""Per-call options on every method, as Stainless-built SDKs have them: ``timeout=`` and ``extra_headers=``."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

import sendmux

from .conftest import Client
from .fakes import FakeAPI, collect, error, method_names, ok, page, resolve, subscription

pytestmark = pytest.mark.anyio


def public_methods(resource: Any) -> list[str]:
    return [name for name, _ in inspect.getmembers(type(resource), inspect.isfunction) if not name.startswith("_")]


def resources() -> dict[str, set[str]]:
    """client attribute -> the public methods the spec gives it (and its ``with_raw_response``)."""
    found: dict[str, set[str]] = {}
    for attribute, names in method_names().values():
        found.setdefault(attribute, set()).update(names)
    return found


OPTIONS = ("timeout", "extra_headers", "extra_query", "extra_body", "max_retries")


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
def test_every_method_takes_the_per_call_options_and_has_a_docstring(cls: type[Client]) -> None:
    client = cls(api_key="k")
    for attribute, names in resources().items():
        for resource in (getattr(client, attribute), getattr(client, attribute).with_raw_response):
            assert sorted(public_methods(resource)) == sorted(names), type(resource).__name__
            for name in names:
                method = getattr(resource, name)
                parameters = inspect.signature(method).parameters
                assert [parameters[option].kind for option in OPTIONS] == [inspect.Parameter.KEYWORD_ONLY] * 5, name
                assert parameters["timeout"].default is sendmux._omit.OMIT, name
                assert [parameters[option].default for option in OPTIONS[1:]] == [None] * 4, name
                doc = inspect.getdoc(method) or ""
                assert len(doc.splitlines()) > 3 and "Errors:" in doc, f"{type(resource).__name__}.{name}: {doc!r}"


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
def test_the_per_call_options_are_documented_once_on_each_resource(cls: type[Client]) -> None:
    client = cls(api_key="k")
    for attribute, names in resources().items():
        resource = getattr(client, attribute)
        text = inspect.getdoc(type(resource)) or ""
        assert [text.count(f"``{option}``:") for option in OPTIONS] == [1] * len(OPTIONS), text
        for name in names:  # the methods leave them to the class: written once, not once per method
            assert not any(f"{option}:" in (inspect.getdoc(getattr(resource, name)) or "") for option in OPTIONS)


def test_help_on_the_client_lists_each_resources_methods() -> None:
    for cls in (sendmux.Sendmux, sendmux.AsyncSendmux):
        for attribute, names in resources().items():
            text = inspect.getdoc(getattr(cls, attribute)) or ""
            for name in names:
                assert f"``{name}(...)``" in text, (cls.__name__, attribute, name)


async def test_timeout_applies_to_that_call_only(client: Client, api: FakeAPI) -> None:
    api.default = ok(subscription())
    await resolve(client.webhooks.get("whk_1", timeout=1.5))
    await resolve(client.webhooks.get("whk_1"))
    await resolve(client.webhooks.with_raw_response.get("whk_1", timeout=httpx.Timeout(2.0, connect=0.5)))
    first, second, third = (r.extensions["timeout"] for r in api.requests)
    assert first == {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}
    assert second == httpx.Timeout(client.timeout).as_dict()  # the client's own
    assert third == {"connect": 0.5, "read": 2.0, "write": 2.0, "pool": 2.0}


async def test_extra_headers_are_sent_and_may_replace_the_user_agent(client: Client, api: FakeAPI) -> None:
    api.default = ok({"event_id": "evt_1"})
    await resolve(client.webhooks.send_test("whk_1", extra_headers={"X-Trace": "t-1", "User-Agent": "mine/1.0"}))
    sent = api.last.headers
    assert (sent["x-trace"], sent["user-agent"]) == ("t-1", "mine/1.0")
    assert sent["authorization"].startswith("Bearer ") and sent["idempotency-key"].startswith("smx-")


@pytest.mark.parametrize(
    ("extra", "error", "message"),
    [
        ({"Authorization": "Bearer other"}, ValueError, "must not set Authorization: the SDK sets it"),
        ({"content-type": "text/plain"}, ValueError, "must not set content-type"),
        ({"idempotency-key": "k"}, ValueError, "must not set Idempotency-Key: pass it as its argument"),
        ({"X-Bad": "caf\u00e9"}, ValueError, "printable ASCII"),
        ({"X-Bad": "a\r\nInjected: 1"}, ValueError, "printable ASCII"),
        ({"Bad Name": "x"}, ValueError, "not a header name"),
        ({"X-Count": 1}, TypeError, "must map str to str"),
        ([("X-Trace", "t")], TypeError, "extra_headers must be a mapping"),
    ],
)
async def test_bad_extra_headers_are_refused_before_any_request(
    client: Client, api: FakeAPI, extra: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        await resolve(client.webhooks.send_test("whk_1", extra_headers=extra))
    assert api.requests == []


async def test_a_bad_per_call_timeout_is_refused_before_any_request(client: Client, api: FakeAPI) -> None:
    with pytest.raises(ValueError, match="above 0"):
        await resolve(client.webhooks.get("whk_1", timeout=0))
    with pytest.raises(TypeError, match="timeout must be seconds"):
        client.webhooks.list(timeout="5")  # type: ignore[arg-type]
    assert api.requests == []


async def test_list_iterators_send_the_options_on_every_page(client: Client, api: FakeAPI) -> None:
    body = {"ok": True, "data": [subscription()], "meta": {"request_id": "r"}}
    api.queue(
        httpx.Response(200, json={**body, "pagination": {"has_more": True, "next_cursor": "c2"}}),
        httpx.Response(200, json={**body, "pagination": {"has_more": False}}),
    )
    iterator = client.webhooks.list(extra_headers={"X-Trace": "t"}, timeout=3.0)
    items = [h async for h in iterator] if hasattr(iterator, "__aiter__") else list(iterator)
    assert len(items) == 2
    assert [r.headers["x-trace"] for r in api.requests] == ["t", "t"]
    assert [r.extensions["timeout"]["read"] for r in api.requests] == [3.0, 3.0]


async def test_extra_query_and_extra_body_add_what_the_sdk_does_not_know(client: Client, api: FakeAPI) -> None:
    api.queue(page([]), ok({**subscription(), "secret": "whsec_x", "retention_days": 7}, 201))
    await resolve(client.webhooks.list_page(limit=5, extra_query={"status": "failing"}))
    assert dict(api.last.url.params) == {"limit": "5", "status": "failing"}
    await resolve(
        client.webhooks.create(
            url="https://a.example", event_types=["message.bounced"], extra_body={"retention_days": 7}
        )
    )
    assert api.bodies()[-1] == {"url": "https://a.example", "event_types": ["message.bounced"], "retention_days": 7}


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (lambda w: w.list_page(limit=5, extra_query={"limit": 50}), "extra_query must not set 'limit'"),
        (
            lambda w: w.create(url="https://a.example", event_types=["x"], extra_body={"url": "https://b.example"}),
            "extra_body must not set 'url'",
        ),
        (lambda w: w.get("whk_1", extra_body={"a": 1}), "extra_body: a GET request sends no body"),
        (lambda w: w.get("whk_1", extra_query=[("a", 1)]), "extra_query must be a mapping"),
        (lambda w: w.get("whk_1", max_retries=-1), "max_retries must be an int >= 0"),
    ],
)
async def test_per_call_options_are_checked_before_sending(
    client: Client, api: FakeAPI, call: Any, problem: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=problem):
        await resolve(call(client.webhooks))
    assert api.requests == []


async def test_max_retries_applies_to_that_call_only(client: Client, api: FakeAPI) -> None:
    api.default = error(503, "service_unavailable", retryable=True)
    with pytest.raises(sendmux.ServiceUnavailableError):
        await resolve(client.webhooks.get("whk_1", max_retries=0))
    assert len(api.requests) == 1
    with pytest.raises(sendmux.ServiceUnavailableError):
        await resolve(client.webhooks.with_raw_response.send_test("whk_1", max_retries=1))
    assert len(api.requests) == 3
    with pytest.raises(sendmux.ServiceUnavailableError):
        await resolve(client.webhooks.get("whk_1"))
    assert len(api.requests) == 3 + 1 + client.max_retries


async def test_list_starts_from_a_stored_cursor(client: Client, api: FakeAPI) -> None:
    api.queue(page([subscription(id="whk_7")], next_cursor="c8"), page([subscription(id="whk_8")]))
    items = client.webhooks.list(cursor="c7", limit=1)
    assert items.cursor == "c7"
    assert [w.id for w in await collect(items)] == ["whk_7", "whk_8"]
    assert [r.url.params.get("cursor") for r in api.requests] == ["c7", "c8"]
