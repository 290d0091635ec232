"""The SDK's escape hatches and resumable pagination against the emulator: what the in-memory tests check on a
mock transport, here on a running API (sync and async)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import sendmux
from sendmux_emulator import RunningEmulator

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def client(sendmux_emulator: RunningEmulator) -> Iterator[sendmux.Sendmux]:
    with sendmux.Sendmux(sendmux_emulator.api_key, base_url=sendmux_emulator.base_url) as client:
        yield client


@pytest.fixture
async def aclient(sendmux_emulator: RunningEmulator) -> AsyncIterator[sendmux.AsyncSendmux]:
    async with sendmux.AsyncSendmux(sendmux_emulator.api_key, base_url=sendmux_emulator.base_url) as client:
        yield client


def _create(client: sendmux.Sendmux, n: int) -> list[str]:
    urls = [f"https://hooks.example.com/{i}" for i in range(n)]
    return [client.webhooks.create(url=url, event_types=["sendmux.test"]).id for url in urls]


def test_request_reaches_any_path_with_the_sdks_behaviour(client: sendmux.Sendmux) -> None:
    created = client.request("POST", "/webhooks", json={"url": "https://a.example/r", "event_types": ["sendmux.test"]})
    assert created["id"].startswith("whk_") and created["secret"].startswith("whsec_")
    assert client.request("GET", f"/webhooks/{created['id']}")["url"] == "https://a.example/r"
    body = {"url": "https://a.example/k", "event_types": ["sendmux.test"]}
    first = client.with_raw_response.request("POST", "/webhooks", json=body, idempotency_key="job-1")
    again = client.with_raw_response.request("POST", "/webhooks", json=body, idempotency_key="job-1")
    assert first.status_code == 201 and first.data["id"] == again.data["id"]  # the key made it one webhook
    with pytest.raises(sendmux.NotFoundError, match="GET /webhooks/whk_nope"):
        client.request("GET", "/webhooks/whk_nope")


def test_extra_body_and_extra_query_reach_the_api(client: sendmux.Sendmux) -> None:
    off = client.webhooks.create(url="https://a.example/x", event_types=["sendmux.test"], extra_body={"enabled": False})
    assert off.enabled is False  # a field the method was not given, sent through extra_body
    with pytest.raises(sendmux.BadRequestError):  # an unknown field reaches the API, which refuses it
        client.webhooks.create(url="https://a.example/y", event_types=["sendmux.test"], extra_body={"mystery": 1})
    hook = client.webhooks.create(url="https://a.example/z", event_types=["sendmux.test"])
    client.webhooks.send_test(hook.id)
    failed = client.webhooks.list_deliveries_page(hook.id, extra_query={"result": "permanent_failure"})
    assert all(d.result == "permanent_failure" for d in failed)


def test_a_404_names_the_id_asked_for(client: sendmux.Sendmux) -> None:
    with pytest.raises(sendmux.NotFoundError) as caught:
        client.webhooks.get("whk_missing_42")
    assert "whk_missing_42" in str(caught.value)


def test_max_retries_per_call_and_with_options_for_another_team(sendmux_emulator_factory: Any) -> None:
    emulator = sendmux_emulator_factory(api_keys=["smx_root_one=team_one", "smx_root_two=team_two"], rate_limit=2)
    with sendmux.Sendmux("smx_root_one", base_url=emulator.base_url) as one:
        hook = one.webhooks.create(url="https://a.example/1", event_types=["sendmux.test"])
        two = one.with_options(api_key="smx_root_two", default_headers={"X-Tenant": "two"})
        with pytest.raises(sendmux.NotFoundError):  # another team's key: its webhooks are not team one's
            two.webhooks.get(hook.id)
        assert two._http is one._http
        one.webhooks.get(hook.id)
        with pytest.raises(sendmux.RateLimitError):  # over the limit: raised at once, not waited out
            one.webhooks.get(hook.id, max_retries=0)


def test_pages_and_iterators_resume(client: sendmux.Sendmux) -> None:
    ids = _create(client, 5)
    first = client.webhooks.list_page(limit=2)
    seen = [w.id for w in first]
    page = first
    while page.has_next_page():
        page = page.get_next_page()
        seen += [w.id for w in page]
    assert sorted(seen) == sorted(ids)

    items = client.webhooks.list(limit=2)
    head = [next(items).id, next(items).id]  # one page read to its end
    stored = items.cursor
    assert stored is not None
    rest = [w.id for w in client.webhooks.list(cursor=stored, limit=2)]
    assert head + rest == seen


async def test_async_pages_and_iterators_resume(aclient: sendmux.AsyncSendmux, client: sendmux.Sendmux) -> None:
    ids = _create(client, 3)
    page = await aclient.webhooks.list_page(limit=1)
    seen = [w.id for w in page]
    while page.has_next_page():
        page = await page.get_next_page()
        seen += [w.id for w in page]
    assert sorted(seen) == sorted(ids)
    items = aclient.webhooks.list(limit=1)
    first = await items.__anext__()
    rest = [w.id async for w in aclient.webhooks.list(cursor=items.cursor, limit=1)]
    assert [first.id, *rest] == seen
    assert (await aclient.request("GET", f"/webhooks/{first.id}"))["id"] == first.id
    raw = await aclient.with_raw_response.request("GET", "/webhooks", params={"limit": 1}, max_retries=0)
    assert raw.status_code == 200 and len(raw.data) == 1
