"""A fault storm against the emulator: the client's calls under injected faults, and what they left on the server.

Each phase runs on its own emulator (`storm_emulator`) whose fault injection fails a share of API requests
with a 500, a 503 or a 429 (both with ``Retry-After: 1``), or commits the change and then drops the connection
before answering. A phase returns `Figures`: what the client sent and met, and what it got wrong, judged by
reading the server's state back. `tests/reliability/test_faults.py` runs the phases small on every
``make test``; ``scripts/soak.py`` (``make soak``) runs them at full size.

The clients use their default retry budget and backoff (the tests skip the waits; the soak keeps them). A
caller that still gets a typed error does what the README tells it to: it calls again with the same
idempotency key (creates, rotations) or re-reads the webhook before trying again (conditional updates).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

import httpx

import sendmux
from sendmux_emulator import RunningEmulator, run_in_thread

__all__ = [
    "ALL_FAULTS",
    "DROPS",
    "Figures",
    "async_creates",
    "conditional_updates",
    "rotations",
    "shared_key_creates",
    "storm_emulator",
    "sync_creates",
]

ALL_FAULTS: dict[str, Any] = {"fault_rate": 0.3, "fault_kinds": ("500", "503", "429", "drop")}
DROPS: dict[str, Any] = {"fault_rate": 0.3, "fault_kinds": ("drop",)}
API_KEY = "smx_root_dev"
URL = "https://127.0.0.1:9/storm"  # nothing listens there; deliveries fail, which the rotation phase ignores
EVENT_TYPES = ["message.bounced"]
RETRYABLE = (sendmux.APIConnectionError, sendmux.InternalServerError, sendmux.RateLimitError)
CALLER_CALLS = 100
"""A caller gives up after this many calls for one outcome: a safety net against a loop that never ends."""

T = TypeVar("T")
X = TypeVar("X")


@dataclass
class Figures:
    """What one phase did and what it got wrong. Counters may be bumped from several threads (`add`)."""

    phase: str
    calls: int = 0
    """Client method calls, the caller's own repeats included."""
    requests: int = 0
    """HTTP requests those calls sent (answered or dropped)."""
    faults: int = 0
    """Injected faults the client met: 500, 503 and 429 answers, and dropped connections."""
    dropped: int = 0
    """Of those, connections dropped after the server did the work."""
    caller_retries: int = 0
    """Calls repeated by the caller after a typed error."""
    conflicts: int = 0
    """ConflictErrors for changes that were indeed not applied."""
    duplicates: int = 0
    """Changes the server made more than once (a second webhook for one key)."""
    lost: int = 0
    """Outcomes a caller was told of that the server does not hold (a webhook, a rename, a secret)."""
    wrong_conflicts: int = 0
    """Updates the server applied although the caller got ConflictError."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def retries(self) -> int:
        """Requests the client repeated on its own (its retry budget)."""
        return self.requests - self.calls

    @property
    def ok(self) -> bool:
        return self.duplicates == self.lost == self.wrong_conflicts == 0

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def take_traffic(self, transport: CountingTransport) -> None:
        self.add(requests=transport.requests, faults=transport.faults, dropped=transport.dropped)

    def line(self) -> str:
        counts = [f.name for f in fields(self) if f.name not in ("phase", "_lock", "calls")]
        return f"{self.phase}: calls={self.calls} retries={self.retries} " + " ".join(
            f"{name}={getattr(self, name)}" for name in counts
        )


class CountingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Counts what reaches the client: answers by status, and connections dropped without an answer."""

    def __init__(self) -> None:
        self.sync = httpx.HTTPTransport()
        self.async_ = httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()
        self.dropped = 0
        self._lock = threading.Lock()

    def _count(self, response: httpx.Response) -> httpx.Response:
        with self._lock:
            self.statuses[response.status_code] += 1
        return response

    def _count_drop(self) -> None:
        with self._lock:
            self.dropped += 1

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._count(self.sync.handle_request(request))
        except httpx.TransportError:
            self._count_drop()
            raise

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._count(await self.async_.handle_async_request(request))
        except httpx.TransportError:
            self._count_drop()
            raise

    def close(self) -> None:
        self.sync.close()

    async def aclose(self) -> None:
        await self.async_.aclose()

    @property
    def faults(self) -> int:
        return self.dropped + sum(n for status, n in self.statuses.items() if status in (429, 500, 503))

    @property
    def requests(self) -> int:
        return self.dropped + sum(self.statuses.values())


@contextmanager
def storm_emulator(faults: dict[str, Any], *, seed: int) -> Iterator[RunningEmulator]:
    """An emulator with room for every webhook and request of a phase, injecting ``faults``.

    Deliveries are slowed (``time_scale=100``) so that the first attempt of each is all that happens.
    """
    with run_in_thread(webhook_limit=1_000_000, rate_limit=10**9, time_scale=100, fault_seed=seed, **faults) as em:
        yield em


@contextmanager
def counted_client(emulator: RunningEmulator, transport: CountingTransport) -> Iterator[sendmux.Sendmux]:
    with (
        httpx.Client(transport=transport, limits=httpx.Limits(max_connections=100)) as http,
        sendmux.Sendmux(api_key=API_KEY, base_url=emulator.base_url, http_client=http) as client,
    ):
        yield client


@contextmanager
def reader(emulator: RunningEmulator) -> Iterator[sendmux.Sendmux]:
    """A client for reading the server's state back, through the same faults, with a budget to get through."""
    with sendmux.Sendmux(api_key=API_KEY, base_url=emulator.base_url, max_retries=30) as client:
        yield client


def _until_done(figures: Figures, call: Callable[[], T], *, also_retry: tuple[type[Exception], ...] = ()) -> T:
    retry_on: tuple[type[Exception], ...] = (*RETRYABLE, *also_retry)
    for _ in range(CALLER_CALLS):
        figures.add(calls=1)
        try:
            return call()
        except retry_on:
            figures.add(caller_retries=1)
    raise RuntimeError(f"{figures.phase}: a call still failed after {CALLER_CALLS} tries")


def _in_threads(concurrency: int, work: Callable[[X], T], items: Iterable[X]) -> list[T]:
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(work, items))


def _tally_creates(figures: Figures, emulator: RunningEmulator, returned: dict[str, set[str]]) -> None:
    """Duplicates and losses among the webhooks named in ``returned`` (name -> ids the callers were given)."""
    with reader(emulator) as client:
        on_server: dict[str, list[str]] = {}
        for webhook in client.webhooks.list(limit=100):
            on_server.setdefault(webhook.name or "", []).append(webhook.id)
    for name, ids in returned.items():
        held = on_server.get(name, [])
        figures.add(duplicates=max(len(held) - 1, 0), lost=int(not held or not ids <= set(held)))


def _create_name(phase: str, n: int) -> str:
    return f"{phase}-{n}"


def sync_creates(*, count: int, concurrency: int, seed: int) -> Figures:
    """``count`` creates, each with its own idempotency key, from ``concurrency`` threads."""
    figures, transport = Figures("sync keyed creates"), CountingTransport()
    with storm_emulator(ALL_FAULTS, seed=seed) as emulator:
        with counted_client(emulator, transport) as client:

            def create(n: int) -> str:
                key = sendmux.idempotency_key("storm", "sync", n)
                return _until_done(
                    figures,
                    lambda: (
                        client.webhooks.create(
                            url=URL, event_types=EVENT_TYPES, name=_create_name("sync", n), idempotency_key=key
                        ).id
                    ),
                )

            ids = _in_threads(concurrency, create, range(count))
        figures.take_traffic(transport)
        _tally_creates(figures, emulator, {_create_name("sync", n): {ids[n]} for n in range(count)})
    return figures


async def _async_until_done(
    figures: Figures, call: Callable[[], Any], *, also_retry: tuple[type[Exception], ...] = ()
) -> Any:
    retry_on: tuple[type[Exception], ...] = (*RETRYABLE, *also_retry)
    for _ in range(CALLER_CALLS):
        figures.add(calls=1)
        try:
            return await call()
        except retry_on:
            figures.add(caller_retries=1)
    raise RuntimeError(f"{figures.phase}: a call still failed after {CALLER_CALLS} tries")


async def _gather_limited(concurrency: int, jobs: Iterable[Callable[[], Any]]) -> list[Any]:
    gate = asyncio.Semaphore(concurrency)

    async def run(job: Callable[[], Any]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs))


async def _async_creates(emulator: RunningEmulator, figures: Figures, keys: list[str], concurrency: int) -> list[str]:
    """One create per key (keys may repeat), ``concurrency`` at a time; a phase names its webhooks by key."""
    transport = CountingTransport()
    async with (
        httpx.AsyncClient(transport=transport, limits=httpx.Limits(max_connections=100)) as http,
        sendmux.AsyncSendmux(api_key=API_KEY, base_url=emulator.base_url, http_client=http) as client,
    ):

        def job(key: str) -> Callable[[], Any]:
            async def create() -> str:
                hook = await client.webhooks.create(url=URL, event_types=EVENT_TYPES, name=key, idempotency_key=key)
                return hook.id

            # Sharing a key, a call may meet another still in flight (409): the caller tries again.
            return lambda: _async_until_done(figures, create, also_retry=(sendmux.IdempotencyConflictError,))

        ids = await _gather_limited(concurrency, [job(key) for key in keys])
    figures.take_traffic(transport)
    return ids


def async_creates(*, count: int, concurrency: int, seed: int) -> Figures:
    """``count`` creates, each with its own idempotency key, ``concurrency`` at a time on one event loop."""
    figures = Figures("async keyed creates")
    with storm_emulator(ALL_FAULTS, seed=seed) as emulator:
        keys = [sendmux.idempotency_key("storm", "async", n) for n in range(count)]
        ids = asyncio.run(_async_creates(emulator, figures, keys, concurrency))
        _tally_creates(figures, emulator, {key: {webhook_id} for key, webhook_id in zip(keys, ids, strict=True)})
    return figures


def shared_key_creates(*, count: int, seed: int) -> Figures:
    """``count`` concurrent creates sharing one idempotency key: one webhook, and every caller gets it."""
    figures = Figures("creates sharing one key")
    with storm_emulator(ALL_FAULTS, seed=seed) as emulator:
        key = sendmux.idempotency_key("storm", "shared")
        ids = asyncio.run(_async_creates(emulator, figures, [key] * count, count))
        _tally_creates(figures, emulator, {key: set(ids)})
    return figures


def _setup_webhooks(emulator: RunningEmulator, count: int, concurrency: int) -> list[str]:
    """The webhooks a phase works on, made through the same faults by the reader (not counted)."""
    with reader(emulator) as client:

        def create(n: int) -> str:
            key = sendmux.idempotency_key("storm", "setup", n)
            return client.webhooks.create(url=URL, event_types=EVENT_TYPES, idempotency_key=key).id

        return _in_threads(concurrency, create, range(count))


def conditional_updates(*, webhooks: int, rounds: int, concurrency: int, seed: int) -> Figures:
    """Each round renames every webhook with ``if_match`` set to the ETag just read, under dropped answers.

    No one else writes, so a ConflictError is only right when the rename was not applied; one the server
    did apply is a wrong conflict. A success whose rename the server does not hold is lost.
    """
    figures, transport = Figures("conditional updates"), CountingTransport()
    with storm_emulator(DROPS, seed=seed) as emulator:
        ids = _setup_webhooks(emulator, webhooks, concurrency)
        with counted_client(emulator, transport) as client, reader(emulator) as check:

            def current_name(webhook_id: str) -> str | None:
                return check.webhooks.get(webhook_id).name

            def rename(webhook_id: str, name: str) -> None:
                for _ in range(CALLER_CALLS):
                    etag = _until_done(figures, lambda: client.webhooks.with_raw_response.get(webhook_id).etag)
                    figures.add(calls=1)
                    try:
                        client.webhooks.update(webhook_id, name=name, if_match=etag)
                    except sendmux.ConflictError:
                        applied = current_name(webhook_id) == name
                        figures.add(wrong_conflicts=int(applied), conflicts=int(not applied))
                        return
                    except RETRYABLE:
                        figures.add(caller_retries=1)  # not known whether it applied: read, then decide
                        if current_name(webhook_id) == name:
                            return
                        continue
                    figures.add(lost=int(current_name(webhook_id) != name))
                    return
                raise RuntimeError(f"{figures.phase}: {webhook_id} could not be renamed")

            for round_ in range(rounds):
                name = f"round-{round_}"
                _in_threads(concurrency, functools.partial(rename, name=name), ids)
        figures.take_traffic(transport)
    return figures


def rotations(*, webhooks: int, rounds: int, concurrency: int, seed: int) -> Figures:
    """Each round rotates every webhook's secret under dropped answers, then checks the server signs with
    the secret each caller was given; a caller holding any other secret has lost its rotation (its receiver
    would refuse every delivery). A second rotation whose secret the caller did get is harmless and unseen."""
    figures, transport = Figures("secret rotations"), CountingTransport()
    with storm_emulator(DROPS, seed=seed) as emulator:
        ids = _setup_webhooks(emulator, webhooks, concurrency)
        with counted_client(emulator, transport) as client:

            def rotate(webhook_id: str, round_: int) -> str:
                key = sendmux.idempotency_key("storm", "rotate", webhook_id, round_)
                return _until_done(
                    figures, lambda: client.webhooks.rotate_secret(webhook_id, idempotency_key=key).secret
                )

            for round_ in range(rounds):
                given = _in_threads(concurrency, functools.partial(rotate, round_=round_), ids)
                secrets = dict(zip(ids, given, strict=True))
                emitted = emulator.emit(EVENT_TYPES[0])
                event_id, targets = emitted["event"]["id"], emitted["webhook_ids"]
                for record in emulator.wait_for_deliveries(len(targets), event_id=event_id, timeout=600):
                    secret = secrets.get(record["webhook_id"])
                    body, headers = record["request_body"].encode(), record["request_headers"]
                    try:
                        if secret is not None:  # one of this phase's webhooks
                            sendmux.verify_webhook(body, headers, secret)
                    except sendmux.WebhookVerificationError:
                        figures.add(lost=1)
        figures.take_traffic(transport)
    return figures
