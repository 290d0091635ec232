"""Safe retries, measured: creates under injected faults leave exactly one webhook per idempotency key.

The emulator fails 30 % of API requests with a 500, a 503 or a 429 (both with Retry-After), or by
committing the change and then dropping the connection before answering. The client must neither lose a
create nor make one twice. Sleeps are shortened (x0.01) but still happen, in the same order.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import sendmux
from sendmux import _client as client_module
from sendmux_emulator import run_in_thread

FAULTS: dict[str, Any] = {"fault_rate": 0.3, "fault_kinds": ("500", "503", "429", "drop")}
URL = "https://127.0.0.1:9/reliability"
RETRYABLE = (sendmux.APIConnectionError, sendmux.InternalServerError, sendmux.RateLimitError)


class CountingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Counts what reaches the client: answers by status, and connections dropped without an answer."""

    def __init__(self) -> None:
        self.sync = httpx.HTTPTransport()
        self.async_ = httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()
        self.dropped = 0

    def _count(self, response: httpx.Response) -> httpx.Response:
        self.statuses[response.status_code] += 1
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._count(self.sync.handle_request(request))
        except httpx.TransportError:
            self.dropped += 1
            raise

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._count(await self.async_.handle_async_request(request))
        except httpx.TransportError:
            self.dropped += 1
            raise

    @property
    def faults(self) -> int:
        return self.dropped + sum(n for status, n in self.statuses.items() if status in (429, 500, 503))

    @property
    def requests(self) -> int:
        return self.dropped + sum(self.statuses.values())


@pytest.fixture
def fast_sleep(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    slept: list[float] = []
    real_async_sleep = client_module._async_sleep

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)
        await real_async_sleep(seconds / 100)

    monkeypatch.setattr(client_module, "_sleep", sleep)
    monkeypatch.setattr(client_module, "_async_sleep", async_sleep)
    yield slept


def all_webhooks(emulator_url: str) -> list[Any]:
    """Read every webhook back, through the same faults, with a retry budget large enough to get through."""
    with sendmux.Sendmux(api_key="smx_root_dev", base_url=emulator_url, max_retries=20) as reader:
        return list(reader.webhooks.list(limit=100))


def test_200_creates_under_faults_leave_exactly_200_webhooks(
    fast_sleep: list[float], report_figures: list[str]
) -> None:
    counting = CountingTransport()
    caller_retries = 0
    with run_in_thread(webhook_limit=1000, rate_limit=100_000, fault_seed=11, **FAULTS) as emulator:
        http = httpx.Client(transport=counting)
        with sendmux.Sendmux(api_key="smx_root_dev", base_url=emulator.base_url, http_client=http) as client:
            created: dict[int, str] = {}
            for n in range(200):
                key = sendmux.idempotency_key("reliability", "create", str(n))
                for _ in range(10):
                    try:
                        created[n] = client.webhooks.create(
                            url=URL, event_types=["message.bounced"], name=f"tenant-{n}", idempotency_key=key
                        ).id
                        break
                    except RETRYABLE:
                        caller_retries += 1  # a typed error: the caller retries with the same key
                else:
                    pytest.fail(f"create {n} kept failing")
            calls, requests, faults = 200, counting.requests, counting.faults
        http.close()
        webhooks = all_webhooks(emulator.base_url)

    names = Counter(w.name for w in webhooks)
    duplicates = sum(count - 1 for count in names.values())
    lost = sum(1 for n in range(200) if names[f"tenant-{n}"] == 0)
    report_figures.append(
        f"sync, a key each: calls={calls} requests={requests} faults_injected={faults} "
        f"(dropped={counting.dropped}, statuses={dict(counting.statuses)}) client_retries={len(fast_sleep)} "
        f"caller_retries={caller_retries} webhooks={len(webhooks)} duplicates={duplicates} lost={lost}"
    )
    assert faults > 30, "fault injection did not happen; the test proves nothing"
    assert counting.dropped > 0, "no dropped connection was exercised"
    assert len(webhooks) == 200
    assert duplicates == 0 and lost == 0
    assert sorted(created.values()) == sorted(w.id for w in webhooks)


@pytest.mark.anyio
async def test_50_concurrent_async_creates_sharing_a_key_leave_one_webhook(
    fast_sleep: list[float], report_figures: list[str]
) -> None:
    counting = CountingTransport()
    with run_in_thread(webhook_limit=1000, rate_limit=100_000, fault_seed=5, **FAULTS) as emulator:
        http = httpx.AsyncClient(transport=counting)
        async with sendmux.AsyncSendmux(api_key="smx_root_dev", base_url=emulator.base_url, http_client=http) as client:
            key = sendmux.idempotency_key("reliability", "shared")
            caller_retries = 0

            async def create() -> str:
                nonlocal caller_retries
                for _ in range(30):
                    try:
                        hook = await client.webhooks.create(
                            url=URL, event_types=["message.bounced"], name="shared", idempotency_key=key
                        )
                        return hook.id
                    except (*RETRYABLE, sendmux.IdempotencyConflictError):
                        caller_retries += 1  # in flight elsewhere, or a fault: same key, try again
                        await asyncio.sleep(0.01)
                raise AssertionError("a create kept failing")

            ids = await asyncio.gather(*(create() for _ in range(50)))
        await http.aclose()
        webhooks = all_webhooks(emulator.base_url)

    duplicates, lost = max(len(webhooks) - 1, 0), int(not webhooks)
    report_figures.append(
        f"async, one shared key: calls=50 requests={counting.requests} faults_injected={counting.faults} "
        f"client_retries={len(fast_sleep)} caller_retries={caller_retries} webhooks={len(webhooks)} "
        f"duplicates={duplicates} lost={lost} distinct_ids_returned={len(set(ids))}"
    )
    assert len(webhooks) == 1
    assert set(ids) == {webhooks[0].id}
    assert counting.faults > 0


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
