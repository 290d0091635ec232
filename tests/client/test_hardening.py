"""Odd inputs and odd servers found by review: each must end in a clear, typed error, never a loop or a leak."""

from __future__ import annotations

import logging

import httpx
import pytest

import sendmux
from sendmux import errors
from sendmux._retry import RetryPolicy

from .conftest import Client
from .fakes import FakeAPI, collect, error, fail, ok, page, resolve, subscription

pytestmark = pytest.mark.anyio

DEEP = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize("key", ["smx_root_dev\n", "smx_root_dev ", " smx_root_dev", "smx_röot_dev", "smx root"])
def test_an_api_key_no_header_can_carry_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(ValueError, match="api_key has whitespace or characters") as info:
        sendmux.Sendmux(api_key=key)
    assert key.strip() not in str(info.value)


def test_a_base_url_that_does_not_parse_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="is not a valid URL"):
        sendmux.Sendmux(api_key="smx_root_k", base_url="https://[::1")


async def test_absurdly_nested_json_is_a_typed_error(client: Client, api: FakeAPI) -> None:
    api.queue(httpx.Response(200, content=DEEP))
    with pytest.raises(errors.APIResponseValidationError):
        await resolve(client.webhooks.get("whk_1"))
    api.queue(httpx.Response(502, content=DEEP), ok(subscription()))  # still classified, still retried
    assert (await resolve(client.webhooks.get("whk_1"))).id == "whk_1"


def test_backoff_never_overflows() -> None:
    policy = RetryPolicy(5000)
    assert 0 < policy.backoff(4999) <= policy.max_delay


async def test_a_cursor_handed_out_twice_raises_instead_of_looping(client: Client, api: FakeAPI) -> None:
    api.queue(
        page([subscription(id="whk_1")], next_cursor="A"),
        page([subscription(id="whk_2")], next_cursor="B"),
        page([subscription(id="whk_3")], next_cursor="A"),
    )
    with pytest.raises(errors.APIResponseValidationError, match="cursor 'A' a second time"):
        await collect(client.webhooks.list())
    assert len(api.requests) == 3


async def test_delete_counts_only_an_api_not_found_as_already_deleted(client: Client, api: FakeAPI) -> None:
    html_404 = httpx.Response(404, content=b"<html>no such route</html>", headers={"content-type": "text/html"})
    api.queue(fail(httpx.ReadTimeout), html_404)  # a proxy's page, not the API saying the webhook is gone
    with pytest.raises(errors.NotFoundError) as info:
        await resolve(client.webhooks.delete("whk_1"))
    assert info.value.code is None
    api.queue(fail(httpx.ProxyError), error(404, "not_found"))  # the proxy refused: nothing reached the API
    with pytest.raises(errors.NotFoundError):
        await resolve(client.webhooks.delete("whk_never"))


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


def test_the_logger_never_shows_the_key_even_when_a_request_fails(caplog: pytest.LogCaptureFixture) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError(f"Illegal header value {request.headers['authorization']!r}")

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    client = sendmux.Sendmux(api_key="smx_root_s3cr3t", base_url="https://api.test/api/v1", http_client=http)
    with caplog.at_level(logging.DEBUG, logger="sendmux"), pytest.raises(errors.APIConnectionError) as info:
        client.webhooks.get("whk_1")
    assert "smx_root_s3cr3t" not in str(info.value)
    assert "smx_root_s3cr3t" not in caplog.text
