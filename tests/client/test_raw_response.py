"""``with_raw_response`` exposes status, headers, request id, ETag and Location; conditional GET gives 304."""

from __future__ import annotations

import inspect
import typing

import httpx
import pytest

import sendmux

from .conftest import Client
from .fakes import FakeAPI, error, ok, resolve, subscription

pytestmark = pytest.mark.anyio


async def test_create_answer_has_location_and_request_id(client: Client, api: FakeAPI) -> None:
    api.queue(
        ok(
            subscription(id="whk_9", secret="whsec_x"),
            status=201,
            headers={"Location": "/api/v1/webhooks/whk_9", "X-Request-Id": "req_create"},
        )
    )
    raw = await resolve(
        client.webhooks.with_raw_response.create(url="https://hooks.example.com/x", event_types=["sendmux.test"])
    )
    assert isinstance(raw, sendmux.APIResponse)
    assert (raw.status_code, raw.location, raw.request_id, raw.etag) == (
        201,
        "/api/v1/webhooks/whk_9",
        "req_create",
        None,
    )
    assert raw.data.secret == "whsec_x"
    assert raw.headers["content-type"] == "application/json"
    assert raw.http_response.request.url.path == "/api/v1/webhooks"


async def test_conditional_get_and_update(client: Client, api: FakeAPI) -> None:
    api.queue(
        ok(subscription(), headers={"ETag": 'W/"v1"'}),
        httpx.Response(304, headers={"ETag": 'W/"v1"', "X-Request-Id": "req_304"}),
        ok(subscription(name="Renamed"), headers={"ETag": 'W/"v2"'}),
        ok(subscription(name="Renamed"), headers={"ETag": 'W/"v2"'}),
    )
    raw = client.webhooks.with_raw_response
    first = await resolve(raw.get("whk_1"))
    assert first.etag == 'W/"v1"'
    assert "if-none-match" not in api.requests[0].headers

    unchanged = await resolve(raw.get("whk_1", if_none_match=first.etag))
    assert api.requests[1].headers["if-none-match"] == 'W/"v1"'
    assert (unchanged.status_code, unchanged.data, unchanged.etag, unchanged.request_id) == (
        304,
        None,
        'W/"v1"',
        "req_304",
    )

    updated = await resolve(raw.update("whk_1", name="Renamed", if_match=first.etag))
    assert api.requests[2].headers["if-match"] == 'W/"v1"'
    assert (updated.etag, updated.data.name) == ('W/"v2"', "Renamed")

    changed = await resolve(raw.get("whk_1", if_none_match=first.etag))
    assert changed.status_code == 200
    assert changed.data is not None and changed.data.name == "Renamed"


async def test_stale_if_match_raises_conflict_with_the_current_etag(client: Client, api: FakeAPI) -> None:
    api.queue(error(409, "conflict", "The webhook changed.", headers={"ETag": 'W/"v3"'}))
    with pytest.raises(sendmux.ConflictError) as caught:
        await resolve(client.webhooks.update("whk_1", enabled=False, if_match='W/"v1"'))
    assert type(caught.value) is sendmux.ConflictError
    assert caught.value.headers["etag"] == 'W/"v3"'


async def test_plain_get_never_sends_if_none_match(client: Client, api: FakeAPI) -> None:
    api.queue(ok(subscription()))
    hook = await resolve(client.webhooks.get("whk_1"))
    assert hook.id == "whk_1"
    assert "if-none-match" not in api.last.headers


async def test_request_id_falls_back_to_the_body_when_the_header_is_missing(client: Client, api: FakeAPI) -> None:
    body = {"ok": True, "data": subscription(), "meta": {"request_id": "req_from_body"}}
    failure = {
        "ok": False,
        "error": {"code": "not_found", "message": "No.", "retryable": False},
        "meta": {"request_id": "req_err_body"},
    }
    api.queue(httpx.Response(200, json=body), httpx.Response(404, json=failure))
    raw = await resolve(client.webhooks.with_raw_response.get("whk_1"))
    assert "x-request-id" not in raw.headers and raw.request_id == "req_from_body"
    with pytest.raises(sendmux.NotFoundError) as caught:
        await resolve(client.webhooks.get("whk_2"))
    assert caught.value.request_id == "req_err_body"


def _whole(result: str) -> str:
    """What the raw form of a method returning ``result`` returns: the whole answer, or each page's for a list."""
    iterator, _, item = result.partition("ListIterator[")
    page = "AsyncPage" if iterator == "Async" else "Page"
    return f"{iterator}ListIterator[APIResponse[{page}[{item}]]" if item else f"APIResponse[{result}]"


@pytest.mark.parametrize("cls", [sendmux.Sendmux, sendmux.AsyncSendmux])
def test_each_raw_method_shows_the_methods_parameters_and_documentation_with_its_own_result(
    cls: type[Client],
) -> None:
    plain = cls(api_key="k").webhooks
    raw = plain.with_raw_response
    names = [name for name, _ in inspect.getmembers(type(plain), inspect.isfunction) if not name.startswith("_")]
    assert names == [name for name, _ in inspect.getmembers(type(raw), inspect.isfunction) if not name.startswith("_")]
    for name in names:
        method, form = getattr(plain, name), getattr(raw, name)
        shown, own = inspect.signature(form), inspect.signature(method)
        assert (shown.parameters, form.__doc__) == (own.parameters, method.__doc__), name
        assert shown.return_annotation == _whole(own.return_annotation), name
        variants = [inspect.signature(v) for v in typing.get_overloads(getattr(type(raw), name))]
        expected = [inspect.signature(v) for v in typing.get_overloads(getattr(type(plain), name))]
        assert [v.parameters for v in variants] == [v.parameters for v in expected], name
        assert [v.return_annotation for v in variants] == [_whole(v.return_annotation) for v in expected], name
