"""The ``on_attempt`` hook: :class:`Attempt`, what it is told after each attempt of a call and its retry decision,
and :func:`report`, which tells it."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import httpx

from ._response import request_id_of

__all__ = ["Attempt", "OnAttempt", "checked_hook", "report"]


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


def checked_hook(hook: object) -> OnAttempt | None:
    """``hook`` if it is a callable or ``None``; otherwise a ``TypeError`` naming what it is."""
    if not callable(hook) and hook is not None:
        raise TypeError(f"on_attempt must be a callable taking an Attempt, got {type(hook).__name__}")
    return hook


def report(
    hook: OnAttempt | None, method: str, url: str, retries: int, outcome: object, reason: str | None, wait: float | None
) -> None:
    """Tell ``hook`` (if any) about the attempt of ``method url`` after ``retries`` retries, which ended in
    ``outcome`` (an ``httpx.Response`` or the error that took its place)."""
    if hook is not None:
        answer = outcome if isinstance(outcome, httpx.Response) else None
        status, request_id = (answer.status_code, request_id_of(answer)) if answer is not None else (None, None)
        hook(Attempt(method, url, retries + 1, status, request_id, reason, wait))
