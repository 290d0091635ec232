"""Delivering a signed event to an ASGI or WSGI app in-process: no server, no socket, no HTTP client."""

from __future__ import annotations

import asyncio
import inspect
import io
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._events import signed_request

__all__ = ["Delivered", "adeliver", "deliver"]

_HOST = "testserver"


@dataclass(frozen=True)
class Delivered:
    """The app's answer to one delivery."""

    status_code: int
    headers: dict[str, str] = field(repr=False)
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def _is_asgi(app: object) -> bool:
    if inspect.isfunction(app) or inspect.ismethod(app):
        return inspect.iscoroutinefunction(app)
    return inspect.iscoroutinefunction(type(app).__call__)


def _request(
    event: object, secret: str, headers: Mapping[str, str] | None, timestamp: int | None
) -> tuple[bytes, dict[str, str]]:
    body, signed = signed_request(event, secret, timestamp=timestamp)
    return body, {**signed, **(headers or {}), "Content-Length": str(len(body))}


async def adeliver(
    app: Any,
    event: object,
    secret: str,
    *,
    path: str = "/",
    headers: Mapping[str, str] | None = None,
    timestamp: int | None = None,
) -> Delivered:
    """POST ``event`` (a ``WebhookEvent``, a mapping or raw bytes), signed with ``secret``, to the ASGI ``app`` at
    ``path``, from a running event loop. ``headers`` add to or replace the delivery's headers (e.g. a tampered
    signature). The app's lifespan is not run."""
    body, sent = _request(event, secret, headers, timestamp)
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("latin-1"),
        "query_string": query.encode("latin-1"),
        "root_path": "",
        "headers": [
            (b"host", _HOST.encode()),
            *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in sent.items()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": (_HOST, 80),
        "state": {},
    }
    finished = asyncio.Event()
    requested = False
    status: int | None = None
    answer_headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: Mapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            for name, value in message.get("headers", []):
                answer_headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                finished.set()

    try:
        await app(scope, receive, send)
    finally:
        finished.set()
    if status is None:
        raise RuntimeError("the ASGI app returned without starting a response")
    return Delivered(status, answer_headers, b"".join(chunks))


def _wsgi(app: Callable[..., Iterable[bytes]], path: str, body: bytes, sent: Mapping[str, str]) -> Delivered:
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": _HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": _HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in sent.items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        started[:] = [status, headers]
        return chunks.append

    chunks: list[bytes] = []
    result = app(environ, start_response)
    try:
        chunks.extend(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    if not started:
        raise RuntimeError("the WSGI app returned without calling start_response")
    status, headers = started
    return Delivered(int(status.split()[0]), {k.lower(): v for k, v in headers}, b"".join(chunks))


def deliver(
    app: Any,
    event: object,
    secret: str,
    *,
    path: str = "/",
    headers: Mapping[str, str] | None = None,
    timestamp: int | None = None,
) -> Delivered:
    """POST ``event``, signed with ``secret``, to ``app`` at ``path`` in-process: an ASGI app (Starlette, FastAPI,
    Django's ASGI handler) or a WSGI one (Flask, Django's WSGI handler), told apart by whether calling it is a
    coroutine. From inside a running event loop, await `adeliver` instead."""
    if _is_asgi(app):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(adeliver(app, event, secret, path=path, headers=headers, timestamp=timestamp))
        raise RuntimeError("deliver() was called inside a running event loop: await adeliver(...) instead")
    body, sent = _request(event, secret, headers, timestamp)
    return _wsgi(app, path, body, sent)
