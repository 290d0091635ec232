"""The adapters read every valid body, and nothing more: a WSGI input that hands out 64 KiB per read, a chunked
body under Django's WSGI (read, or 411 where the server cannot stream it), a Starlette client that hangs up
mid-body (no traceback), and Django under ASGI, whose body is spooled before the view runs unless the adapter's
``limit_body`` middleware caps it first."""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Iterator
from typing import Any

import flask
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from werkzeug.test import EnvironBuilder

from sendmux import sign_webhook
from sendmux.receiving import WebhookRouter
from sendmux.receiving.flask import webhook_view as flask_view
from sendmux.receiving.starlette import webhook_endpoint

from ..webhooks.deliveries import SECRET, event_body
from . import test_django_adapter

KIB = 1024
BIG = event_body(id="evt_big", data_recipients=[f"recipient{n:05d}@example.com" for n in range(7000)])


class Trickle(io.RawIOBase):
    """A WSGI input that returns at most 64 KiB per read, as servers may."""

    def __init__(self, data: bytes) -> None:
        self.data, self.position = data, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        size = len(self.data) if size is None or size < 0 else size
        chunk = self.data[self.position : self.position + min(size, 64 * KIB)]
        self.position += len(chunk)
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """An ASGI HTTP scope of a POST to ``path``, as a server hands it to the app."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def _router(runs: list[str]) -> WebhookRouter:
    router = WebhookRouter(SECRET)
    router.fallback(lambda event: runs.append(event.id))
    return router


def _environ(body: bytes, *, length: bool = True, terminated: bool = False, path: str = "/sendmux") -> dict[str, Any]:
    headers = {"Content-Type": "application/json", **sign_webhook(body, SECRET, timestamp=int(time.time()))}
    environ = EnvironBuilder(path, method="POST", headers=headers).get_environ()
    environ["wsgi.input"] = Trickle(body)
    environ.pop("CONTENT_LENGTH", None)
    if length:
        environ["CONTENT_LENGTH"] = str(len(body))
    else:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    if terminated:
        environ["wsgi.input_terminated"] = True
    return environ


def _call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[int, str]:
    status: list[str] = []
    body = b"".join(app(environ, lambda line, headers, exc_info=None: status.append(line)))
    return int(status[0].split()[0]), body.decode()


@pytest.fixture
def django_wsgi() -> Iterator[tuple[Any, list[str]]]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import clear_url_caches, path

    from sendmux.receiving.django import webhook_view

    runs: list[str] = []
    test_django_adapter.urlpatterns[:] = [path("sendmux", webhook_view(_router(runs)))]
    clear_url_caches()
    yield WSGIHandler(), runs
    test_django_adapter.urlpatterns.clear()
    clear_url_caches()


def test_flask_reads_a_body_handed_out_64_kib_at_a_time() -> None:
    runs: list[str] = []
    app = flask.Flask(__name__)
    app.add_url_rule("/sendmux", view_func=flask_view(_router(runs)), methods=["POST"])
    assert len(BIG) > 200_000
    assert _call_wsgi(app.wsgi_app, _environ(BIG)) == (200, "processed")
    assert runs == ["evt_big"]


def test_django_reads_a_body_handed_out_64_kib_at_a_time(django_wsgi: tuple[Any, list[str]]) -> None:
    app, runs = django_wsgi
    assert _call_wsgi(app, _environ(BIG)) == (200, "processed")
    assert runs == ["evt_big"]


def test_django_reads_a_chunked_body_the_server_has_ended(django_wsgi: tuple[Any, list[str]]) -> None:
    app, runs = django_wsgi
    body = event_body(id="evt_chunked")
    assert _call_wsgi(app, _environ(body, length=False, terminated=True)) == (200, "processed")
    assert runs == ["evt_chunked"]


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_a_chunked_body_a_server_cannot_stream_is_refused_with_411(
    framework: str, django_wsgi: tuple[Any, list[str]]
) -> None:
    runs: list[str] = []
    if framework == "flask":
        flask_app = flask.Flask(__name__)
        flask_app.add_url_rule("/sendmux", view_func=flask_view(_router(runs)), methods=["POST"])
        app = flask_app.wsgi_app
    else:
        app, runs = django_wsgi
    status, text = _call_wsgi(app, _environ(event_body(), length=False))
    assert (status, text.split(":")[0]) == (411, "length required")
    assert runs == []


def test_starlette_lets_a_client_hang_up_mid_body_quietly(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[str] = []
    app = Starlette(routes=[Route("/sendmux", webhook_endpoint(_router(runs)), methods=["POST"])])
    scope = _scope("/sendmux", [(b"content-type", b"application/json")])
    messages = [{"type": "http.request", "body": b'{"id": "evt_', "more_body": True}, {"type": "http.disconnect"}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        pass

    with caplog.at_level(logging.DEBUG):
        asyncio.run(app(scope, receive, send))  # before: ClientDisconnect escaped, a traceback per request
    assert runs == [] and not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _django_asgi(max_body_size: int, runs: list[str]) -> Any:
    from django.core.handlers.asgi import ASGIHandler
    from django.urls import clear_url_caches, path

    from sendmux.receiving.django import limit_body, webhook_view

    router = WebhookRouter(SECRET, max_body_size=max_body_size)
    router.fallback(lambda event: runs.append(event.id))
    test_django_adapter.urlpatterns[:] = [path("sendmux/", webhook_view(router))]
    clear_url_caches()
    return limit_body(ASGIHandler(), path="/sendmux/", max_body_size=router.max_body_size)


def _answer_of(app: Any, scope: dict[str, Any], receive: Any) -> list[dict[str, Any]]:
    """The messages ``app`` sends for one request (then the test's URL is unmounted)."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        asyncio.run(app(scope, receive, send))
    finally:
        test_django_adapter.urlpatterns.clear()
    return sent


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_django_under_asgi_stops_reading_at_the_cap(declared: bool) -> None:
    """32 MiB sent in 64 KiB chunks: 413 after at most the cap and one chunk (none with a Content-Length)."""
    runs: list[str] = []
    app = _django_asgi(1024 * KIB, runs)
    chunk, total = b" " * (64 * KIB), 32 * 1024 * KIB
    pulled: list[int] = []
    headers = [(b"content-type", b"application/json")]
    if declared:
        headers.append((b"content-length", str(total).encode()))
    scope = _scope("/sendmux/", headers)

    async def receive() -> dict[str, Any]:
        pulled.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": sum(pulled) < total}

    sent = _answer_of(app, scope, receive)
    assert sent[0]["status"] == 413 and runs == []
    assert sum(pulled) <= (0 if declared else 1024 * KIB + len(chunk))


def test_django_under_asgi_still_receives_a_delivery_under_the_cap() -> None:
    runs: list[str] = []
    app = _django_asgi(1024 * KIB, runs)
    body = event_body(id="evt_asgi")
    headers = {"content-type": "application/json", **sign_webhook(body, SECRET, timestamp=int(time.time()))}
    scope = _scope("/sendmux/", [(k.lower().encode(), v.encode()) for k, v in headers.items()])
    parts = [body[:100], body[100:]]

    async def receive() -> dict[str, Any]:
        if not parts:  # the client waits for its answer: no more messages, no disconnect
            await asyncio.Event().wait()
        return {"type": "http.request", "body": parts.pop(0), "more_body": bool(parts)}

    sent = _answer_of(app, scope, receive)
    assert (sent[0]["status"], sent[1]["body"]) == (200, b"processed")
    assert runs == ["evt_asgi"]
