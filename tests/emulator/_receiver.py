"""A local HTTPS webhook receiver (uvicorn + a trustme certificate) that records what it is sent."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
import uvicorn

SAFETY_TIMEOUT = 60.0
"""How long a wait may take before the test fails: far beyond any real delay, so only a hang reaches it."""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """Answers every POST with `status` (or holds it unanswered until `release`) and keeps each request."""

    url: str
    ca_file: str
    status: int = 200
    reply: bytes = b"ok"
    requests: list[Received] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _answer: threading.Event = field(default_factory=threading.Event, repr=False)

    def __post_init__(self) -> None:
        self._answer.set()

    def reset(self) -> None:
        self.status, self.reply = 200, b"ok"
        self.release()
        with self._arrived:
            self.requests.clear()

    def hold(self) -> None:
        """Leave every request unanswered until `release` (or `reset`): the sender's timeout decides."""
        self._answer.clear()

    def release(self) -> None:
        self._answer.set()

    def wait_for(self, count: int) -> list[Received]:
        """The requests so far, once there are at least ``count``."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.requests) >= count, SAFETY_TIMEOUT)
            assert arrived, f"receiver got {len(self.requests)} of {count} requests"
            return list(self.requests)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        with self._arrived:
            self.requests.append(Received(scope["path"], headers, body, time.monotonic()))
            self._arrived.notify_all()
        if not self._answer.is_set():
            await asyncio.to_thread(self._answer.wait)
        await send(
            {"type": "http.response.start", "status": self.status, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": self.reply})


class _Server(uvicorn.Server):
    """uvicorn's server, setting an event once it accepts connections."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.listening.set()


@contextmanager
def https_receiver(directory: Path, host: str = "127.0.0.1") -> Iterator[Receiver]:
    """Serve a `Receiver` over HTTPS on a free port; its CA is written to ``directory/ca.pem``."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file, key_file = directory / "ca.pem", directory / "server.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_and_cert_chain_pem.write_to_path(str(key_file))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    receiver = Receiver(url=f"https://{host}:{port}", ca_file=str(ca_file))
    config = uvicorn.Config(
        receiver,
        ssl_certfile=str(key_file),
        ssl_keyfile=str(key_file),
        log_config=None,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="h11",
        ws="none",
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    assert server.listening.wait(SAFETY_TIMEOUT), "receiver did not start"
    try:
        yield receiver
    finally:
        receiver.release()
        server.should_exit = True
        thread.join(SAFETY_TIMEOUT)
        sock.close()
