"""A plain-http webhook receiver under uvicorn in a thread, the way a developer's test runs one: it verifies each
delivery with its secret and records what it was sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from sendmux import WebhookEvent, WebhookVerificationError, verify_webhook
from sendmux_emulator._serve.server import bind

SAFETY_TIMEOUT = 60.0
"""How long a wait may take before the test fails: far beyond any real delay, so only a hang reaches it."""


@dataclass
class Receiver:
    url: str
    server: uvicorn.Server
    thread: threading.Thread
    secret: str | None = None
    events: list[WebhookEvent] = field(default_factory=list)
    bodies: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int) -> list[tuple[bytes, dict[str, str]]]:
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.bodies) >= count, SAFETY_TIMEOUT):
                raise TimeoutError(f"expected {count} deliveries, got {len(self.bodies)}")
            return list(self.bodies)

    def open_connections(self) -> int:
        return len(self.server.server_state.connections)


@contextmanager
def http_receiver(
    secret: str | None = None, *, keep_alive: int = 5, hold: threading.Event | None = None
) -> Iterator[Receiver]:
    """Serve on a free 127.0.0.1 port until the block ends; ``keep_alive`` is uvicorn's idle keep-alive timeout.
    With ``hold``, each answer waits until it is set: a receiver that is slow for as long as the test needs (it
    is set when the block ends)."""
    receiver: Receiver

    async def hook(request: Request) -> PlainTextResponse:
        body = await request.body()
        with receiver.changed:
            receiver.bodies.append((body, dict(request.headers)))
            receiver.changed.notify_all()
        if hold is not None:
            await anyio.to_thread.run_sync(hold.wait)
        if receiver.secret is None:
            return PlainTextResponse("recorded")
        try:
            event = verify_webhook(body, request.headers, receiver.secret, require_timestamp=True)
        except WebhookVerificationError as exc:
            return PlainTextResponse(exc.reason, status_code=400)
        receiver.events.append(event)
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/webhooks", hook, methods=["POST"])])
    sock = bind("127.0.0.1", 0)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_keep_alive=keep_alive)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    receiver = Receiver(f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks", server, thread, secret)
    thread.start()
    wait_until(lambda: server.started or not thread.is_alive(), "the test receiver to start")  # listening once started
    if not server.started:
        raise RuntimeError("the test receiver did not start")
    try:
        yield receiver
    finally:
        if hold is not None:
            hold.set()
        server.should_exit = True
        thread.join(SAFETY_TIMEOUT)
        sock.close()


def wait_until(condition: object, what: str) -> None:
    """Poll ``condition()`` until true; fail after `SAFETY_TIMEOUT` (only a hang gets there)."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {SAFETY_TIMEOUT} s")
        time.sleep(0.01)
