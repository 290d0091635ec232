"""The Starlette, FastAPI and Flask adapters, driven through each framework's own test client as Sendmux would
call them: they move bytes and statuses, and the router decides."""

from __future__ import annotations

import io
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import flask
import pytest
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning
from starlette.routing import Route
from werkzeug.test import EnvironBuilder

from sendmux import WebhookEvent, sign_webhook
from sendmux.receiving import MemoryStore, WebhookRouter
from sendmux.receiving.flask import webhook_view
from sendmux.receiving.starlette import webhook_endpoint

from ..webhooks.deliveries import SECRET, event_body

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # as in tests/webhooks/test_receiver.py
    from starlette.testclient import TestClient

Post = Callable[..., tuple[int, str]]  # (body, headers, chunked=False) -> (status, text)


def starlette_app(router: WebhookRouter) -> Iterator[Post]:
    app = Starlette(routes=[Route("/sendmux", webhook_endpoint(router), methods=["POST"])])
    yield from _asgi(app)


def fastapi_app(router: WebhookRouter) -> Iterator[Post]:
    app = FastAPI()
    app.add_api_route("/sendmux", webhook_endpoint(router), methods=["POST"])
    yield from _asgi(app)


def _asgi(app: Any) -> Iterator[Post]:
    with TestClient(app) as client:

        def post(body: bytes, headers: dict[str, str], chunked: bool = False) -> tuple[int, str]:
            content: Any = iter([body[i : i + 1000] for i in range(0, len(body), 1000)]) if chunked else body
            response = client.post("/sendmux", content=content, headers=headers)
            return response.status_code, response.text

        post.method_not_allowed = lambda: client.get("/sendmux").status_code  # type: ignore[attr-defined]
        yield post


def flask_app(router: WebhookRouter) -> Iterator[Post]:
    app = flask.Flask(__name__)
    app.add_url_rule("/sendmux", view_func=webhook_view(router), methods=["POST"])
    client = app.test_client()

    def post(body: bytes, headers: dict[str, str], chunked: bool = False) -> tuple[int, str]:
        if chunked:  # no Content-Length: the server reads the body to its end, as a chunked upload
            environ = EnvironBuilder("/sendmux", method="POST", headers=headers).get_environ()
            environ.pop("CONTENT_LENGTH", None)
            environ |= {"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True}
            response = client.open(environ)
        else:
            response = client.post("/sendmux", data=body, headers=headers)
        return response.status_code, response.get_data(as_text=True)

    post.method_not_allowed = lambda: client.get("/sendmux").status_code  # type: ignore[attr-defined]
    yield post


@pytest.fixture
def runs() -> list[str]:
    return []


@pytest.fixture(params=[starlette_app, fastapi_app, flask_app], ids=["starlette", "fastapi", "flask"])
def post(request: pytest.FixtureRequest, runs: list[str]) -> Iterator[Post]:
    router = WebhookRouter(SECRET, store=MemoryStore(), max_body_size=4096)

    @router.on("message.bounced")
    def bounced(event: WebhookEvent) -> None:
        runs.append(event.id)
        if event.id == "evt_fails_once" and runs.count(event.id) == 1:
            raise RuntimeError("database down")

    yield from request.param(router)


def signed(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", **sign_webhook(body, SECRET, timestamp=int(time.time()))}


def test_a_delivery_is_verified_handled_once_and_answered_200(post: Post, runs: list[str]) -> None:
    body = event_body(id="evt_1")
    assert post(body, signed(body)) == (200, "processed")
    assert post(body, signed(body)) == (200, "duplicate")  # Sendmux's retry after a lost answer
    assert runs == ["evt_1"]


def test_a_chunked_body_is_read_whole(post: Post, runs: list[str]) -> None:
    body = event_body(id="evt_chunked")
    assert post(body, signed(body), chunked=True) == (200, "processed")
    assert runs == ["evt_chunked"]


def test_a_bad_signature_gets_400_with_the_reason(post: Post, runs: list[str]) -> None:
    body = event_body(id="evt_1")
    status, text = post(body.replace(b"Permanent", b"Transient"), signed(body))
    assert (status, text.split(":")[0]) == (400, "no matching signature")
    assert post(body, {"Content-Type": "application/json"}) == (400, "missing header")  # the details: in the log
    assert runs == []


def test_a_failing_handler_gets_500_and_the_retry_runs_it(post: Post, runs: list[str]) -> None:
    body = event_body(id="evt_fails_once")
    assert post(body, signed(body)) == (500, "processing failed: RuntimeError")
    assert post(body, signed(body)) == (200, "processed")
    assert runs == ["evt_fails_once", "evt_fails_once"]


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_cap_gets_413(post: Post, runs: list[str], chunked: bool) -> None:
    body = event_body(id="evt_big", data_recipients=[f"r{n}@example.com" for n in range(400)])
    assert len(body) > 4096
    assert post(body, signed(body), chunked=chunked) == (413, "body too large: over 4096 bytes")
    assert runs == []


def test_only_post_is_routed(post: Post) -> None:
    assert post.method_not_allowed() == 405  # type: ignore[attr-defined]
