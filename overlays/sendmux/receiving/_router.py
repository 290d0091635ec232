"""Routing verified deliveries to a handler per event type, each event processed once when a store is given."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .._verify import WebhookEvent, _Headers, verify_webhook
from ..errors import WebhookVerificationError
from ._once import ProcessingStore, process_once

if TYPE_CHECKING:
    from ..models import EventType

__all__ = ["MAX_BODY_SIZE", "Answer", "WebhookRouter"]

MAX_BODY_SIZE = 1024 * 1024
"""Bytes: Sendmux's bodies are a few KB; the adapters refuse a larger body with 413 before reading it all."""

log = logging.getLogger("sendmux.receiving")
Handler = Callable[[WebhookEvent], object]
H = TypeVar("H", bound=Handler)


@dataclass(frozen=True)
class Answer:
    """The HTTP answer to a delivery: the status and a short plain-text reason, which Sendmux's delivery log
    shows. A 2xx tells Sendmux the event is handled; anything else makes it retry later."""

    status: int
    reason: str


class WebhookRouter:
    """Verifies each delivery with ``secret`` (one ``whsec_…`` secret, or several while rotating), then runs the
    handler registered for its event type, or the fallback. With a ``store``, an event is processed once
    however often it is delivered, by however many workers (see ``process_once``).

    Handlers are plain functions taking the typed ``WebhookEvent``; the Starlette adapter runs them in a worker
    thread. Answers: 200 once handled (or a duplicate of a handled event), 400 with the reason when the delivery
    does not verify, 409 while another worker holds the event, 413 for a body over ``max_body_size``, and 500
    when the handler raised (the claim is released, so Sendmux's retry runs it again)."""

    def __init__(
        self,
        secret: str | Sequence[str],
        *,
        store: ProcessingStore | None = None,
        require_timestamp: bool = False,
        tolerance: float = 300,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
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
                raise ValueError(f"{types[-1]} already has a handler: {self._handlers[types[-1]].__qualname__}")

        def register(handler: H) -> H:
            self._handlers.update(dict.fromkeys(types, _plain(handler)))
            return handler

        return register

    def fallback(self, handler: H) -> H:
        """Decorate the handler of every type without its own, such as a type newer than this package."""
        self._fallback = _plain(handler)
        return handler

    def dispatch(self, event: WebhookEvent) -> None:
        """Run the handler of ``event``'s type (or the fallback; with neither, nothing runs)."""
        handler = self._handlers.get(str(getattr(event.type, "value", event.type)), self._fallback)
        if handler is not None:
            handler(event)

    def receive(self, body: bytes, headers: _Headers) -> Answer:
        """Verify one delivery, process its event (once, with a store) and return the answer to send. The
        adapters call this with the raw body; call it yourself to mount the router on another framework."""
        if len(body) > self.max_body_size:
            return Answer(413, f"body too large: over {self.max_body_size} bytes")
        try:
            event = verify_webhook(
                body, headers, self.secrets, tolerance=self.tolerance, require_timestamp=self.require_timestamp
            )
        except WebhookVerificationError as exc:
            log.warning("rejected a delivery: %s", exc.reason)
            return Answer(400, exc.reason)
        try:
            if self.store is None:
                self.dispatch(event)
                outcome = "processed"
            else:
                outcome = process_once(self.store, event.id, lambda: self.dispatch(event))
        except Exception as exc:  # Sendmux's delivery log shows the answer: the type only, not the message
            log.exception("handling %s (%s) failed", event.id, event.type)
            return Answer(500, f"processing failed: {type(exc).__name__}")
        if outcome == "busy":
            return Answer(409, f"{event.id} is being processed by another worker; retry later")
        return Answer(200, outcome)


def _plain(handler: Any) -> Handler:
    if inspect.iscoroutinefunction(handler) or not callable(handler):
        raise TypeError(f"a handler must be a plain function taking the event, not {handler!r}")
    return handler  # type: ignore[no-any-return]
