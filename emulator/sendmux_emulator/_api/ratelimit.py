"""The rate limit: a fixed 60-second window per presented key (the spec's choice)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._state.clock import Clock

__all__ = ["RateLimiter", "RateState"]

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateState:
    """The numbers behind the ``X-RateLimit-*`` headers after counting one request."""

    limit: int
    remaining: int
    reset: int
    exceeded: bool
    retry_after: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    """Counts requests per key in windows aligned to multiples of 60 s of Unix time."""

    def __init__(self, limit: int, clock: Clock) -> None:
        self._limit = limit
        self._clock = clock
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, bucket: str) -> RateState:
        """Count one request for ``bucket`` and say whether it is over the limit."""
        now = self._clock.now()
        window = int(now // WINDOW_SECONDS)
        start, count = self._windows.get(bucket, (window, 0))
        if start != window:
            count = 0
        count += 1
        self._windows[bucket] = (window, count)
        reset = (window + 1) * WINDOW_SECONDS
        return RateState(
            limit=self._limit,
            remaining=max(0, self._limit - count),
            reset=reset,
            exceeded=count > self._limit,
            retry_after=max(1, math.ceil(reset - now)),
        )
