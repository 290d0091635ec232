"""A Sendmux webhook receiver on Starlette, by hand: verify the raw body, dedupe on the event id, answer 2xx fast.
It receives at ``POST /sendmux``:

    SENDMUX_WEBHOOK_SECRET=whsec_new,whsec_old uvicorn --factory receiver:app_from_env

The README's "Receiving in production" does the same with ``sendmux.receiving``, from ``pip install`` alone.

The request handler only verifies and enqueues; a background worker does the real work, so Sendmux gets
its 2xx well inside the 10-second limit however slow that work is. Sendmux delivers at least once, so the
same event can arrive again (a retry after a lost answer): it is acknowledged and not handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from sendmux import WebhookEvent, WebhookVerificationError, verify_webhook
from sendmux.models import BounceType, EventType

log = logging.getLogger("receiver")

MAX_BODY_BYTES = 1024 * 1024  # Sendmux bodies are a few KB; refuse anything this big unread

Handler = Callable[[WebhookEvent], Awaitable[None]]


class SeenEvents:
    """The ids of the last ``size`` accepted events, in memory.

    Enough for one process; with several, or across restarts, use a unique key on the event id in your
    database and insert in the same transaction as the work.
    """

    def __init__(self, size: int = 10_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def add(self, event_id: str) -> bool:
        """Remember ``event_id``; False if it was already there."""
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


async def print_event(event: WebhookEvent) -> None:
    """The example's work: branch on the type and read typed fields."""
    if event.type == EventType.MESSAGE_BOUNCED and event.data.bounce_type == BounceType.PERMANENT:
        print(f"{event.id} {event.type}: suppress {', '.join(event.data.recipients)}", flush=True)
    elif event.type in (EventType.MESSAGE_RECEIVED, EventType.MESSAGE_RECEIVED_SPAM):
        print(f"{event.id} {event.type}: mailbox {event.data.mailbox_id}, spam={event.data.is_spam}", flush=True)
    else:  # newer types arrive as plain strings
        print(f"{event.id} {event.type} at {event.occurred_at.isoformat()}", flush=True)


def create_app(
    secret: str | Sequence[str],
    handle: Handler = print_event,
    *,
    path: str = "/sendmux",
    require_timestamp: bool = False,
) -> Starlette:
    """A Starlette app receiving Sendmux webhooks at ``path`` and passing each new event to ``handle``."""
    queue: asyncio.Queue[WebhookEvent] = asyncio.Queue()
    seen = SeenEvents()

    async def receive(request: Request) -> Response:
        body = bytearray()
        async for chunk in request.stream():  # the raw bytes, exactly as signed
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return PlainTextResponse("body too large", status_code=413)
        try:
            event = verify_webhook(bytes(body), request.headers, secret, require_timestamp=require_timestamp)
        except WebhookVerificationError as exc:
            log.warning("rejected a delivery: %s", exc.reason)
            return PlainTextResponse(exc.reason, status_code=400)
        # Only a verified id is trusted; dedupe on it, not on the unsigned X-Sendmux-Event-Id header.
        if not seen.add(event.id):
            return PlainTextResponse("duplicate", status_code=200)
        queue.put_nowait(event)
        return PlainTextResponse("accepted", status_code=202)

    async def work() -> None:
        while True:
            event = await queue.get()
            try:
                await handle(event)
            except Exception:  # one failing event must not stop the worker
                log.exception("handling %s failed", event.id)
            finally:
                queue.task_done()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        worker = asyncio.create_task(work())
        app.state.queue = queue  # lets a test or a shutdown hook wait for the backlog: await queue.join()
        try:
            yield
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    return Starlette(routes=[Route(path, receive, methods=["POST"])], lifespan=lifespan)


def app_from_env() -> Starlette:
    """``SENDMUX_WEBHOOK_SECRET``: the endpoint's secret, or several comma-separated (new first) during a rotation
    (``SENDMUX_WEBHOOK_SECRETS``, the older name, still works for this release, with a ``DeprecationWarning``)."""
    from sendmux.receiving import secret_from_env

    return create_app(secret_from_env(), require_timestamp=os.environ.get("SENDMUX_REQUIRE_TIMESTAMP") == "1")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app_from_env(), host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
