"""Idempotency-Key handling for the three POST routes, per (team, route template, key), for 24 hours.

A replay returns the stored reply (status, body, headers, request id). A different request under the
same key (another body, or rotate/test on another subscription) and a key whose first request is still
running are 409 ``idempotency_conflict``. Only completed 2xx and 4xx outcomes are stored; 5xx and 429 are
forgotten so a retry can succeed. Check-and-claim happens without awaiting, so concurrent requests on one
event loop cannot both run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .._spec.replies import Reply, error
from .._state.clock import Clock

__all__ = ["KEY_TTL_SECONDS", "IdempotencyStore", "Scope", "key_problem"]

KEY_TTL_SECONDS = 24 * 3600
Scope = tuple[str, str, str]
"""(team, route template, key)."""


@dataclass
class _Record:
    first_used: float
    fingerprint: str | None = None
    reply: Reply | None = None  # None while the first request is running


class IdempotencyStore:
    """Remembered outcomes by scope."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._records: dict[Scope, _Record] = {}

    async def run(
        self,
        scope: Scope,
        path: str,
        read_body: Callable[[], Awaitable[bytes | None]],
        execute: Callable[[bytes | None], Reply],
        request_id: str,
    ) -> Reply:
        """Run ``execute`` once per scope and replay its reply; exceptions forget the claim."""
        now = self._clock.now()
        self._forget_expired(now)
        record = self._records.get(scope)
        if record is not None:
            if record.reply is None:
                return _conflict(
                    "A request with this Idempotency-Key is still being processed; retry later.", request_id
                )
            stored = record.reply
            if _fingerprint(path, await read_body()) != record.fingerprint:
                return _conflict("This Idempotency-Key was already used with a different request.", request_id)
            return stored
        record = _Record(first_used=now)
        self._records[scope] = record
        try:
            body = await read_body()
            record.fingerprint = _fingerprint(path, body)
            reply = execute(body)
        except BaseException:
            del self._records[scope]
            raise
        if reply.status >= 500 or reply.status == 429:
            del self._records[scope]
        else:
            record.reply = reply
        return reply

    def _forget_expired(self, now: float) -> None:
        expired = [
            scope
            for scope, record in self._records.items()
            if record.reply is not None and now - record.first_used >= KEY_TTL_SECONDS
        ]
        for scope in expired:
            del self._records[scope]


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be an Idempotency-Key, by the rule the client applies before sending one: printable
    ASCII without spaces around it. Its length (1-255) is checked by openapi.yaml. None when it is usable."""
    if not (key.isascii() and key.isprintable()):
        return "must be printable ASCII (no control characters, no bytes above 0x7e)"
    if key != key.strip():
        return "must not start or end with a space"
    return None


def _conflict(message: str, request_id: str) -> Reply:
    return error("idempotency_conflict", message, request_id, param="Idempotency-Key")


def _fingerprint(path: str, body: bytes | None) -> str:
    """The request's identity: its path (so another subscription differs) and its JSON body, key order aside."""
    canonical = body or b""
    if body:
        with contextlib.suppress(ValueError, RecursionError):  # unparsable: the raw bytes are the identity
            canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(path.encode() + b"\0" + canonical).hexdigest()
