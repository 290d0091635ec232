"""Processing each event once: claim its id, run the work, mark it done, or release the claim when the work fails."""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

__all__ = [
    "LEASE",
    "RETENTION",
    "AsyncProcessingStore",
    "Claim",
    "ProcessingStore",
    "StoreTimes",
    "aprocess_once",
    "call_store",
    "process_once",
]

Outcome = Literal["processed", "duplicate", "busy"]

LEASE = 60.0
"""Seconds a claim holds before another worker may take it over (a worker that crashed mid-event never releases
it). Sendmux waits 10 s for an answer, so a live handler is long done by then; its first retry comes 30 s after."""

RETENTION = 7 * 24 * 3600.0
"""Seconds a completed event is remembered: 7 days. Sendmux retries for 24 hours (30 s, 2 min, 10 min, 30 min,
1 h, 4 h, 12 h, 24 h: about 42 h if each is a gap rather than an offset), and keeps delivery payloads 7 days."""


@dataclass(frozen=True)
class Claim:
    """What a store answers to a claim: ``claimed`` (with the ``token`` that completes or releases it), ``done``
    (completed before: acknowledge it, run nothing) or ``busy`` (another worker holds an unexpired claim)."""

    status: Literal["claimed", "done", "busy"]
    token: str = ""


class ProcessingStore(Protocol):
    """Where claims live. Each method is atomic across every worker sharing the store.

    A store may also keep facts that never expire, with ``remember(name)`` and ``remembers(name) -> bool`` (the
    built-in stores do): ``WebhookRouter`` keeps there that it has seen the timestamped signature. A store
    without them still works; the router then remembers that for its own lifetime only."""

    def claim(self, event_id: str) -> Claim:
        """Claim ``event_id`` unless it is done, or claimed by someone else and not expired."""
        ...

    def complete(self, event_id: str, token: str) -> None:
        """Mark the event done for the retention time, if ``token`` still holds its claim."""
        ...

    def release(self, event_id: str, token: str) -> None:
        """Drop the claim, if ``token`` still holds it, so the next delivery of the event runs it again."""
        ...


class AsyncProcessingStore(Protocol):
    """A store whose methods are coroutines (``AsyncRedisStore``), with the meaning of ``ProcessingStore``'s."""

    async def claim(self, event_id: str) -> Claim: ...

    async def complete(self, event_id: str, token: str) -> None: ...

    async def release(self, event_id: str, token: str) -> None: ...


@dataclass(frozen=True)
class StoreTimes:
    """The lease, the retention and the clock of a store, checked when it is made."""

    lease: float = LEASE
    retention: float = RETENTION
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        for name in ("lease", "retention"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
                raise ValueError(f"{name} must be a positive, finite number of seconds, not {value!r}")
        if self.retention < self.lease:
            raise ValueError(f"retention ({self.retention} s) must be at least the lease ({self.lease} s)")
        if not callable(self.clock):
            raise TypeError(f"clock must be a function returning Unix seconds, not {type(self.clock).__name__}")


def _check(event_id: object) -> None:
    if not isinstance(event_id, str) or not event_id:
        raise ValueError(f"event_id must be a non-empty string, not {event_id!r}")


def process_once(store: ProcessingStore, event_id: str, work: Callable[[], object]) -> Outcome:
    """Run ``work`` unless ``event_id`` was processed before or is being processed elsewhere. If ``work`` raises,
    the claim is released and the exception propagates, so the sender's retry runs the event again."""
    _check(event_id)
    claim = store.claim(event_id)
    if claim.status == "done":
        return "duplicate"
    if claim.status == "busy":
        return "busy"
    try:
        work()
    except BaseException:
        store.release(event_id, claim.token)
        raise
    store.complete(event_id, claim.token)
    return "processed"


async def aprocess_once(
    store: ProcessingStore | AsyncProcessingStore, event_id: str, work: Callable[[], Awaitable[object] | object]
) -> Outcome:
    """``process_once`` inside an event loop: ``work`` may be a coroutine function (awaited here) or a plain one
    (called here). An ``AsyncProcessingStore`` is awaited; a ``ProcessingStore`` (``SQLiteStore``, ``RedisStore``,
    ``MemoryStore``) runs in a worker thread, so its I/O never blocks the loop."""
    _check(event_id)
    claim: Claim = await call_store(store.claim, event_id)
    if claim.status != "claimed":
        return "duplicate" if claim.status == "done" else "busy"
    try:
        result = work()
        if inspect.isawaitable(result):
            await result
    except BaseException:
        import anyio  # httpx's own dependency; the release must run even when the request is being cancelled

        with anyio.CancelScope(shield=True):
            await call_store(store.release, event_id, claim.token)
        raise
    await call_store(store.complete, event_id, claim.token)
    return "processed"


async def call_store(method: Callable[..., Any], *args: str) -> Any:
    """Await a store's coroutine method, or run its plain method in a worker thread."""
    if inspect.iscoroutinefunction(method):
        return await method(*args)
    import anyio

    return await anyio.to_thread.run_sync(method, *args)
