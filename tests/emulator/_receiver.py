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


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """Answers every POST with `status` after `delay` seconds and keeps each request."""

    url: str
    ca_file: str
    status: int = 200
    reply: bytes = b"ok"
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)

    def reset(self) -> None:
        self.status, self.reply, self.delay = 200, b"ok", 0.0
        self.requests.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"receiver got {len(self.requests)} of {count} requests")
            time.sleep(0.01)
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
        self.requests.append(Received(scope["path"], headers, body, time.monotonic()))
        if self.delay:
            await asyncio.sleep(self.delay)
        await send(
            {"type": "http.response.start", "status": self.status, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": self.reply})


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
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "receiver did not start"
        time.sleep(0.01)
    try:
        yield receiver
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
