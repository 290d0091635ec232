"""Per-call options on every method, as Stainless-built SDKs have them: ``timeout=`` and ``extra_headers=``."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

import sendmux

from .conftest import Client
from .fakes import FakeAPI, method_names, ok, resolve, subscription

pytestmark = pytest.mark.anyio


def public_methods(resource: Any) -> list[str]:
    return [name for name, _ in inspect.getmembers(type(resource), inspect.isfunction) if not name.startswith("_")]


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
def test_every_method_takes_timeout_and_extra_headers_and_has_a_docstring(cls: type[Client]) -> None:
    client = cls(api_key="k")
    for resource in (client.webhooks, client.webhooks.with_raw_response):
        names = public_methods(resource)
        assert sorted(names) == sorted(n for _, (tag, ns) in method_names().items() if tag == "webhooks" for n in ns)
        for name in names:
            method = getattr(resource, name)
            parameters = inspect.signature(method).parameters
            assert parameters["timeout"].kind is inspect.Parameter.KEYWORD_ONLY, name
            assert parameters["extra_headers"].default is None, name
            doc = inspect.getdoc(method) or ""
            assert len(doc.splitlines()) > 3 and "timeout:" in doc, f"{type(resource).__name__}.{name}: {doc!r}"


def test_help_on_the_client_lists_each_resources_methods() -> None:
    for cls in (sendmux.Sendmux, sendmux.AsyncSendmux):
        text = inspect.getdoc(cls.webhooks) or ""
        for name in public_methods(sendmux.Sendmux(api_key="k").webhooks):
            assert f"``{name}(...)``" in text, (cls.__name__, name)


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
