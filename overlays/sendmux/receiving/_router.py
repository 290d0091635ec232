"""Routing verified deliveries to a handler per event type, each event processed once when a store is given."""

from __future__ import annotations

import inspect
import logging
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .._event import WebhookEvent
from .._signing import SIGNATURE_V2, TIMESTAMP
from .._verify import _Headers, verify_webhook
from ..errors import WebhookVerificationError
from ._once import AsyncProcessingStore, ProcessingStore, aprocess_once, call_store, process_once

if TYPE_CHECKING:
    from ..models import EventType

__all__ = ["MAX_BODY_SIZE", "Answer", "WebhookRouter", "is_async", "secret_from_env"]

MAX_BODY_SIZE = 1024 * 1024
"""Bytes: Sendmux's bodies are a few KB; the adapters refuse a larger body with 413 before reading it all."""

log = logging.getLogger("sendmux.receiving")
Handler = Callable[[WebhookEvent], object]
H = TypeVar("H", bound=Handler)
SECRET_VARIABLE = "SENDMUX_WEBHOOK_SECRET"
_STAMPED = "timestamped-signature"  # the store's fact: a delivery with the timestamped pair has verified
_TIMESTAMP_LOWER = TIMESTAMP.lower()


def secret_from_env() -> list[str]:
    """The secrets in ``SENDMUX_WEBHOOK_SECRET``: one ``whsec_…``, or several comma-separated (the new one first)
    during a rotation. ``SENDMUX_WEBHOOK_SECRETS``, the older name, still works for this release, with a
    ``DeprecationWarning``. Raises ``KeyError`` naming the variable when neither is set."""
    value = os.environ.get(SECRET_VARIABLE)
    if value is None and (value := os.environ.get(SECRET_VARIABLE + "S")) is not None:
        warnings.warn(
            f"{SECRET_VARIABLE}S is deprecated and will stop working in the next release: rename it to "
            f"{SECRET_VARIABLE} (it takes the same comma-separated list)",
            DeprecationWarning,
            stacklevel=2,
        )
    secrets = [item.strip() for item in (value or "").split(",") if item.strip()]
    if not secrets:
        raise KeyError(
            f"{SECRET_VARIABLE} is not set: export the webhook's signing secret (whsec_…), or several, "
            "comma-separated with the new one first, during a rotation"
        )
    return secrets


@dataclass(frozen=True)
class Answer:
    """The HTTP answer to a delivery: the status and a short plain-text reason, which Sendmux's delivery log
    shows. A 2xx tells Sendmux the event is handled; anything else makes it retry later."""

    status: int
    reason: str


class WebhookRouter:
    """Verifies each delivery with ``secret`` (one ``whsec_…`` secret, or several while rotating; by default
    ``secret_from_env()``), then runs the handler registered for its event type, or the fallback. With a
    ``store``, an event is processed once however often it is delivered, by however many workers (see
    ``process_once``).

    A handler takes the typed ``WebhookEvent``; it may be ``async def`` where the router is mounted on an event
    loop (``areceive``: the Starlette/FastAPI adapter), which awaits it there and runs plain handlers in a worker
    thread. ``receive`` (Flask, Django) runs plain handlers only. Answers: 200 once handled (or a duplicate of a
    handled event), 400 with the reason when the delivery does not verify, 409 while another worker holds the
    event, 413 for a body over ``max_body_size``, and 500 when the handler raised (the claim is released, so
    Sendmux's retry runs it again)."""

    def __init__(
        self,
        secret: str | Sequence[str] | None = None,
        *,
        store: ProcessingStore | AsyncProcessingStore | None = None,
        require_timestamp: bool = False,
        tolerance: float = 300,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        if secret is None:
            secret = secret_from_env()
        if isinstance(secret, str | bytes) or not isinstance(secret, Sequence):
            secret = [secret]
        if not secret or not all(isinstance(s, str) and s for s in secret):
            raise ValueError("secret must be a whsec_… string, or a non-empty list of them")
        if store is not None and not all(callable(getattr(store, m, None)) for m in ("claim", "complete", "release")):
            raise TypeError(f"store must have claim, complete and release methods, not be a {type(store).__name__}")
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int) or max_body_size < 1:
            raise ValueError(f"max_body_size must be a positive number of bytes, not {max_body_size!r}")
        self.secrets = list(secret)
        self.store = store
        self.require_timestamp = require_timestamp
        self.tolerance = tolerance
        self.max_body_size = max_body_size
        self._handlers: dict[str, Handler] = {}
        self._fallback: Handler | None = None
        self._stamped_seen = False  # a delivery with the timestamped pair has verified (here, or in the store)

    def on(self, *event_types: EventType | str) -> Callable[[H], H]:
        """Decorate the handler of these event types (``EventType`` members or their strings). A type this
        package does not know raises ``ValueError``: newer types reach the ``fallback``."""
        from ..models import EventType

        if not event_types:
            raise ValueError("on() needs at least one event type")
        types = []
        for event_type in event_types:
            try:
                types.append(EventType(event_type).value)
            except ValueError:
                known = ", ".join(member.value for member in EventType)
                raise ValueError(
                    f"unknown event type {event_type!r} (known: {known}); use @router.fallback for newer types"
                ) from None
            if types[-1] in self._handlers:
                raise ValueError(f"{types[-1]} already has a handler: {_name(self._handlers[types[-1]])}")

        def register(handler: H) -> H:
            self._handlers.update(dict.fromkeys(types, _callable(handler)))
            return handler

        return register

    def fallback(self, handler: H) -> H:
        """Decorate the handler of every type without its own, such as a type newer than this package."""
        self._fallback = _callable(handler)
        return handler

    def handlers(self) -> list[Handler]:
        """Every registered handler, the fallback included (an adapter checks them when it mounts the router)."""
        return [*dict.fromkeys([*self._handlers.values(), *([self._fallback] if self._fallback else [])])]

    def dispatch(self, event: WebhookEvent) -> None:
        """Run the handler of ``event``'s type (or the fallback; with neither, nothing runs). A handler that
        returns an awaitable (an ``async def`` one, or a plain function returning a coroutine) raises
        ``TypeError`` here, unrun: it needs ``adispatch``, inside an event loop."""
        handler = self._handler(event)
        if handler is not None:
            result = handler(event)
            if inspect.isawaitable(result):
                if inspect.iscoroutine(result):
                    result.close()  # never run: no "was never awaited" warning on top of the error
                raise TypeError(
                    f"handler {_name(handler)} returned {type(result).__name__}, which must be awaited: mount the "
                    "router on an event loop (sendmux.receiving.starlette, or await router.areceive), or make the "
                    "handler a plain function"
                )

    async def adispatch(self, event: WebhookEvent) -> None:
        """``dispatch`` inside an event loop: an ``async def`` handler is awaited on it; a plain one runs in a worker
        thread (it may block), and whatever awaitable it returns is awaited."""
        handler = self._handler(event)
        if handler is None:
            return
        if is_async(handler):
            result = handler(event)
        else:
            import anyio  # httpx's own dependency: runs under asyncio and trio alike

            result = await anyio.to_thread.run_sync(handler, event)
        if inspect.isawaitable(result):
            await result

    def receive(self, body: bytes, headers: _Headers) -> Answer:
        """Verify one delivery, process its event (once, with a store) and return the answer to send. The
        adapters call this with the raw body; call it yourself to mount the router on another framework.
        ``TypeError`` for a body that is not bytes, or headers without ``items()``."""
        event = self._verified(body, headers)
        if isinstance(event, Answer):
            return event
        if self.store is not None and is_async(self.store.claim):
            raise TypeError(f"{type(self.store).__name__} is async: call await router.areceive(...) instead")
        stamped = _stamped(headers)
        if method := self._store_fact(stamped):  # tell the store the pair is seen, or ask it whether it was
            remembered = method(_STAMPED)
            self._stamped_seen = stamped or bool(remembered)
        if refused := self._downgrade(event, stamped):
            return refused
        try:
            if self.store is None:
                self.dispatch(event)
                outcome = "processed"
            else:
                outcome = process_once(self.store, event.id, lambda: self.dispatch(event))  # type: ignore[arg-type]
        except Exception as exc:
            return _failed(event, exc)
        return _answer(event, outcome)

    async def areceive(self, body: bytes, headers: _Headers) -> Answer:
        """``receive`` inside an event loop (the Starlette/FastAPI adapter calls it): handlers as ``adispatch``
        runs them; an async store is awaited, a plain one runs in a worker thread."""
        event = self._verified(body, headers)
        if isinstance(event, Answer):
            return event
        stamped = _stamped(headers)
        if method := self._store_fact(stamped):
            remembered = await call_store(method, _STAMPED)
            self._stamped_seen = stamped or bool(remembered)
        if refused := self._downgrade(event, stamped):
            return refused
        try:
            if self.store is None:
                await self.adispatch(event)
                outcome = "processed"
            else:
                outcome = await aprocess_once(self.store, event.id, lambda: self.adispatch(event))
        except Exception as exc:
            return _failed(event, exc)
        return _answer(event, outcome)

    def _handler(self, event: WebhookEvent) -> Handler | None:
        return self._handlers.get(str(getattr(event.type, "value", event.type)), self._fallback)

    def _verified(self, body: bytes, headers: _Headers) -> WebhookEvent | Answer:
        """The verified event, or the answer refusing the delivery. The sender is not authenticated yet, so the
        answer names only the check that failed; the log has the details (how many secrets, the tolerance)."""
        if not isinstance(body, bytes | bytearray | memoryview):
            raise TypeError(f"body must be the raw body as bytes, not {type(body).__name__}")
        if not callable(getattr(headers, "items", None)):
            raise TypeError(f"headers must be the request's headers (a mapping), not {type(headers).__name__}")
        if len(body) > self.max_body_size:
            return Answer(413, f"body too large: over {self.max_body_size} bytes")
        try:
            event = verify_webhook(
                bytes(body), headers, self.secrets, tolerance=self.tolerance, require_timestamp=self.require_timestamp
            )
        except WebhookVerificationError as exc:
            log.warning("rejected a delivery: %s", exc.reason)
            return Answer(400, exc.reason.partition(":")[0])
        if not event.id:
            log.warning("rejected a delivery: its event has an empty id")
            return Answer(400, "body is not a valid event")
        return event

    def _store_fact(self, stamped: bool) -> Callable[[str], Any] | None:
        """The store's ``remember`` (a delivery with the pair verified) or ``remembers`` (one without: was the pair
        seen by another worker, or before a restart?), until this router knows the pair has been seen."""
        if self.store is None or self._stamped_seen:
            return None
        method = getattr(self.store, "remember" if stamped else "remembers", None)
        return method if callable(method) else None

    def _downgrade(self, event: WebhookEvent, stamped: bool) -> Answer | None:
        """Refuse a delivery without the timestamped pair once one with it has been seen: it may be a captured
        delivery replayed with the pair removed (the plain signature has no time in it)."""
        self._stamped_seen = self._stamped_seen or stamped
        if stamped or not self._stamped_seen:
            return None
        log.warning(
            "rejected %s: no %s and %s, although this router (its store) has seen deliveries with them; a captured "
            "delivery replayed without them?",
            event.id,
            TIMESTAMP,
            SIGNATURE_V2,
        )
        return Answer(400, "missing header")


def _stamped(headers: _Headers) -> bool:
    """Whether a verified delivery came with the timestamped pair (verification refused it with only one)."""
    names = (name.decode("latin-1") if isinstance(name, bytes) else str(name) for name, _ in headers.items())
    return any(name.lower() == _TIMESTAMP_LOWER for name in names)


def _failed(event: WebhookEvent, exc: Exception) -> Answer:
    """Sendmux's delivery log shows the answer: the exception's type only, never its message."""
    log.error("handling %s (%s) failed", event.id, event.type, exc_info=exc)
    return Answer(500, f"processing failed: {type(exc).__name__}")


def _answer(event: WebhookEvent, outcome: str) -> Answer:
    if outcome == "busy":
        return Answer(409, f"{event.id} is being processed by another worker; retry later")
    return Answer(200, outcome)


def is_async(function: object) -> bool:
    """Whether calling ``function`` gives a coroutine by its declaration: ``async def`` (a partial of one too), or
    an object whose ``__call__`` is ``async def``."""
    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(type(function).__call__)


def _callable(handler: Any) -> Handler:
    if not callable(handler):
        raise TypeError(f"a handler must be a function taking the event (plain or async def), not {handler!r}")
    return handler  # type: ignore[no-any-return]


def _name(handler: object) -> str:
    return str(getattr(handler, "__qualname__", None) or repr(handler))
