"""``with_options``: a copy with another key, base URL, headers, query, retries or timeout, sharing the pool; and
the same ``default_headers`` / ``default_query`` on the constructor."""

from __future__ import annotations

import httpx
import pytest

import sendmux

from .conftest import Client
from .fakes import API_KEY, BASE_URL, FakeAPI, ok, resolve, subscription

pytestmark = pytest.mark.anyio


async def test_a_copy_sends_its_own_key_base_url_headers_and_query(client: Client, api: FakeAPI) -> None:
    api.default = ok(subscription())
    team = client.with_options(
        api_key="smx_root_other_team",
        base_url="https://eu.sendmux.test/api/v1/",
        default_headers={"X-Tenant": "t-42"},
        default_query={"region": "eu"},
    )
    await resolve(team.webhooks.get("whk_1"))
    await resolve(client.webhooks.get("whk_1"))  # the original is unchanged
    copy_request, original_request = api.requests
    assert str(copy_request.url) == "https://eu.sendmux.test/api/v1/webhooks/whk_1?region=eu"
    assert copy_request.headers["authorization"] == "Bearer smx_root_other_team"
    assert copy_request.headers["x-tenant"] == "t-42"
    assert str(original_request.url) == f"{BASE_URL}/webhooks/whk_1"
    assert original_request.headers["authorization"] == f"Bearer {API_KEY}"
    assert "x-tenant" not in original_request.headers
    assert team._http is client._http  # one connection pool
    assert team.base_url == "https://eu.sendmux.test/api/v1"


async def test_copies_add_headers_and_query_to_those_they_have(client: Client, api: FakeAPI) -> None:
    api.default = ok(subscription())
    first = client.with_options(default_headers={"X-A": "1"}, default_query={"a": "1"})
    second = first.with_options(default_headers={"X-B": "2"}, default_query={"b": "2"})
    await resolve(second.webhooks.get("whk_1"))
    assert (api.last.headers["x-a"], api.last.headers["x-b"]) == ("1", "2")
    assert dict(api.last.url.params) == {"a": "1", "b": "2"}


def test_the_sdks_own_pool_carries_the_constructor_defaults() -> None:
    api = FakeAPI()
    api.default = ok(subscription())
    client = sendmux.Sendmux(API_KEY, base_url=BASE_URL, default_headers={"X-Tenant": "t-1"}, default_query={"v": "2"})
    client._http.client._transport = httpx.MockTransport(api)  # the SDK's own client, answered in memory
    client.webhooks.get("whk_1")
    client.with_options(max_retries=0).webhooks.get("whk_1")
    client.with_options(api_key="smx_root_two").webhooks.get("whk_1")
    for request in api.requests:
        assert (request.headers["x-tenant"], request.url.params["v"]) == ("t-1", "2")
    assert [r.headers["authorization"] for r in api.requests] == [f"Bearer {API_KEY}"] * 2 + ["Bearer smx_root_two"]
    client.close()


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"default_headers": {"Authorization": "Bearer x"}}, "default_headers must not set Authorization"),
        ({"default_headers": {"X-Bad": "a\nb"}}, "must be printable ASCII"),
        ({"default_query": ["a"]}, "default_query must be a mapping"),
        ({"api_key": "with space"}, "api_key has whitespace"),
        ({"base_url": "ftp://x"}, "base_url must be an http"),
        ({"on_attempt": "print"}, "on_attempt must be a callable"),
    ],
)
def test_bad_settings_name_the_problem(options: dict[str, object], problem: str) -> None:
    client = sendmux.Sendmux(api_key="k")
    with pytest.raises((TypeError, ValueError), match=problem):
        client.with_options(**options)  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError), match=problem):
        sendmux.Sendmux(**{"api_key": "k", **options})  # type: ignore[arg-type]
