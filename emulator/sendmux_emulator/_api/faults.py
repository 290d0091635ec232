"""Injected faults: a seeded share of API requests fails with 500, 503, 429 or a dropped connection."""

from __future__ import annotations

import logging
import random

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .._spec.replies import Reply, error

__all__ = ["ConnectionDropped", "DropConnection", "FaultInjector", "HideDroppedConnections", "fault_reply"]

INJECTED_RETRY_AFTER = "1"


class FaultInjector:
    """Decides, one draw per authenticated API request in arrival order, which request fails and how."""

    def __init__(self, rate: float, kinds: tuple[str, ...], seed: int) -> None:
        self._rate = rate
        self._kinds = kinds
        self._seed = seed
        self._rng = random.Random(seed)

    def reset(self) -> None:
        """Start the sequence again from the seed."""
        self._rng = random.Random(self._seed)

    def draw(self) -> str | None:
        """``None`` for a normal request, else one of the configured kinds."""
        if self._rate <= 0.0:
            return None
        if self._rng.random() >= self._rate:
            return None
        return self._rng.choice(self._kinds)


def fault_reply(kind: str, request_id: str) -> Reply:
    """The answer for an injected 500, 503 or 429; nothing was executed and nothing is stored."""
    if kind == "500":
        return error("internal_error", "Something went wrong on our side (injected fault).", request_id)
    headers = {"Retry-After": INJECTED_RETRY_AFTER}
    if kind == "503":
        return error(
            "service_unavailable", "A dependency is briefly down (injected fault).", request_id, headers=headers
        )
    if kind == "429":
        return error("rate_limit_exceeded", "Too many requests (injected fault).", request_id, headers=headers)
    raise ValueError(f"not an answering fault: {kind}")


class ConnectionDropped(Exception):
    """Raised after the response was started, so the server closes the connection instead of answering."""


class DropConnection(Response):
    """Closes the connection without sending a byte of the response.

    ASGI servers close the connection when the app raises after ``http.response.start``. The start message
    carries a header value that no server will write (it holds a line break), so uvicorn (h11 or httptools)
    refuses it before writing anything, marks the response as started, and then closes the socket.
    """

    def __init__(self) -> None:
        super().__init__(status_code=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"x-sendmux-emulator-fault", b"drop\r\nconnection")],
                }
            )
        except Exception as exc:
            raise ConnectionDropped("injected fault: connection dropped") from exc
        raise ConnectionDropped("injected fault: connection dropped")


class HideDroppedConnections(logging.Filter):
    """Keeps the server's 'Exception in ASGI application' log quiet for deliberate drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)
