"""The in-memory processing store: for one process, tests and trying things out; forgotten on restart."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from ._once import LEASE, RETENTION, Claim, StoreTimes

__all__ = ["MemoryStore"]


class MemoryStore:
    """Claims in a dict guarded by a lock: atomic across the threads of one process, not across processes."""

    def __init__(
        self, *, lease: float = LEASE, retention: float = RETENTION, clock: Callable[[], float] = time.time
    ) -> None:
        self.times = StoreTimes(lease, retention, clock)
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[str, bool, float]] = {}  # event id: (token, done, expires at)
        self._purge_at = 1024
        self._facts: set[str] = set()

    def claim(self, event_id: str) -> Claim:
        with self._lock:
            now = self.times.clock()
            entry = self._entries.get(event_id)
            if entry is not None and entry[2] > now:
                return Claim("done" if entry[1] else "busy")
            if len(self._entries) >= self._purge_at:  # forget what has expired, when the dict has doubled
                self._entries = {key: value for key, value in self._entries.items() if value[2] > now}
                self._purge_at = max(1024, 2 * len(self._entries))
            token = secrets.token_hex(16)
            self._entries[event_id] = (token, False, now + self.times.lease)
            return Claim("claimed", token)

    def complete(self, event_id: str, token: str) -> None:
        with self._lock:
            entry = self._entries.get(event_id)
            if entry is not None and entry[0] == token:
                self._entries[event_id] = (token, True, self.times.clock() + self.times.retention)

    def release(self, event_id: str, token: str) -> None:
        with self._lock:
            entry = self._entries.get(event_id)
            if entry is not None and entry[0] == token and not entry[1]:
                del self._entries[event_id]

    def remember(self, name: str) -> None:
        with self._lock:
            self._facts.add(name)

    def remembers(self, name: str) -> bool:
        with self._lock:
            return name in self._facts
