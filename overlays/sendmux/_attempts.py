"""``Attempt``: what the clients' ``on_attempt`` hook is told after each attempt of a call, and the retry decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

__all__ = ["Attempt", "OnAttempt"]


class Attempt(NamedTuple):
    """One attempt of a call, as ``on_attempt`` sees it: never a header, a body or the query, so never the key or a
    signing secret.

    ``method`` and ``url`` (the base URL and path); ``attempt``: 1 for the first; ``status_code`` and
    ``request_id`` of the answer (``None`` when none arrived); ``reason``: why the attempt failed (``"503
    service_unavailable"``, ``"the rate limit"``, ``"APITimeoutError"``), ``None`` for a success; ``wait``: the
    seconds before the next attempt, ``None`` when this attempt ends the call (a success, or the error raised).
    The hook runs synchronously, also for ``AsyncSendmux``; an exception it raises ends the call.
    """

    method: str
    url: str
    attempt: int
    status_code: int | None
    request_id: str | None
    reason: str | None
    wait: float | None


OnAttempt = Callable[[Attempt], object]
