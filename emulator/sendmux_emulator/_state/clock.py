"""Wall-clock time and its RFC 3339 form (UTC, whole seconds, ``Z``), as the API writes timestamps."""

from __future__ import annotations

import time

from sendmux_spec.values import rfc3339

__all__ = ["Clock", "rfc3339"]


class Clock:
    """The emulator's notion of now. Tests may shift it with `advance` to age stored data."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        """Unix time in seconds."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (expiry of idempotency keys and retained payloads)."""
        self._offset += seconds
