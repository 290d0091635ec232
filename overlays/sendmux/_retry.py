"""When to retry and how long to wait: the policy shared by the sync and async clients."""

from __future__ import annotations

import math
import random
import time
from datetime import UTC

import httpx

from .errors import APIError

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})  # unless the envelope says retryable: false
# Failures after which the request certainly never reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError, httpx.UnsupportedProtocol)
# Failures that sending the same request again cannot fix.
_NOT_RETRYABLE = (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.DecodingError, httpx.TooManyRedirects)


class RetryPolicy:
    """How many times a call is retried, and the waits: the n-th retry waits ``min(0.5 * 2**n, 8)`` seconds less up
    to 25 % jitter, or a ``Retry-After`` of at most ``max_retry_after`` (60) seconds; a longer one is raised at once."""

    __slots__ = ("max_retries",)
    initial_delay, max_delay, max_retry_after = 0.5, 8.0, 60.0

    def __init__(self, max_retries: int) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
        self.max_retries = max_retries

    def backoff(self, retries_done: int) -> float:
        delay = min(self.initial_delay * 2.0 ** min(retries_done, 32), self.max_delay)  # no float overflow
        return delay * (1.0 - 0.25 * random.random())

    def delay_after_transport_error(self, retries_done: int, exc: httpx.RequestError) -> float | None:
        """Seconds to wait before retrying after ``exc``, or ``None`` to raise it."""
        if retries_done >= self.max_retries or isinstance(exc, _NOT_RETRYABLE):
            return None
        return self.backoff(retries_done)

    def delay_after_error(self, retries_done: int, error: APIError, *, in_flight_conflict: bool) -> float | None:
        """Seconds to wait before retrying after an error answer, or ``None`` to raise it. ``in_flight_conflict``:
        a 409 ``idempotency_conflict`` on a retry, a request with the same key still running; retried like a 5xx."""
        if retries_done >= self.max_retries:
            return None
        if in_flight_conflict:
            return self.backoff(retries_done)
        if error.status_code not in RETRYABLE_STATUSES or error.retryable is False:
            return None
        retry_after = parse_retry_after(error.headers.get("retry-after"))
        if retry_after is None:
            return self.backoff(retries_done)
        return None if retry_after > self.max_retry_after else retry_after


def may_have_reached_server(exc: httpx.RequestError) -> bool:
    """Whether the server may have received (and acted on) the request that failed with ``exc``."""
    return not isinstance(exc, _NOT_SENT)


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds from now (delta-seconds or an HTTP date), ``None`` if absent or unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.replace(tzinfo=when.tzinfo or UTC).timestamp() - time.time()  # "-0000" is UTC too
    return max(0.0, seconds) if math.isfinite(seconds) else None
