"""``async def`` handlers: awaited on the event loop by ``areceive`` and the Starlette/FastAPI adapter, processed
once by ``aprocess_once`` on every store (an async Redis store awaited, the others in a worker thread), and refused
by the Flask and Django adapters, whose handlers run in the framework's own threads."""

from __future__ import annotations

import asyncio
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import flask
import pytest
import redis.asyncio
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from sendmux import WebhookEvent, sign_webhook
from sendmux.receiving import (
    AsyncRedisStore,
    Claim,
    MemoryStore,
    ProcessingStore,
    RedisStore,
    SQLiteStore,
    WebhookRouter,
    aprocess_once,
)
from sendmux.receiving.starlette import webhook_endpoint

from ..webhooks.deliveries import SECRET, event_body
from .conftest import StoreFactory

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # as in tests/webhooks/test_receiver.py
    from starlette.testclient import TestClient

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def signed(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", **sign_webhook(body, SECRET, timestamp=int(time.time()))}


@pytest.fixture
def fastapi_post() -> Iterator[tuple[WebhookRouter, TestClient]]:
    router = WebhookRouter(SECRET, store=MemoryStore())
    app = FastAPI()
    app.add_api_route("/sendmux", webhook_endpoint(router), methods=["POST"])
    with TestClient(app) as client:
        yield router, client


def test_the_fastapi_adapter_awaits_async_handlers_on_the_loop_and_runs_plain_ones_in_a_thread(
    fastapi_post: tuple[WebhookRouter, TestClient],
) -> None:
    router, client = fastapi_post
    seen: list[tuple[str, bool]] = []

    @router.on("message.bounced")
    async def bounced(event: WebhookEvent) -> None:
        await asyncio.sleep(0)  # really suspends: this runs on the loop
        seen.append((event.id, asyncio.get_running_loop() is not None))

    @router.fallback
    def everything_else(event: WebhookEvent) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            seen.append((event.id, False))  # a worker thread: no loop there, so blocking is fine

    for body in (event_body(id="evt_async"), event_body("message.delivered", id="evt_plain")):
        answer = client.post("/sendmux", content=body, headers=signed(body))
        assert (answer.status_code, answer.text) == (200, "processed")
    assert seen == [("evt_async", True), ("evt_plain", False)]


def test_a_failing_async_handler_gets_500_and_the_retry_runs_it(fastapi_post: tuple[WebhookRouter, TestClient]) -> None:
    router, client = fastapi_post
    runs: list[str] = []

    @router.on("message.bounced")
    async def bounced(event: WebhookEvent) -> None:
        runs.append(event.id)
        if len(runs) == 1:
            raise RuntimeError("database down")

    body = event_body(id="evt_fails_once")
    answers = [client.post("/sendmux", content=body, headers=signed(body)) for _ in range(3)]
    assert [(a.status_code, a.text) for a in answers] == [
        (500, "processing failed: RuntimeError"),
        (200, "processed"),
        (200, "duplicate"),
    ]
    assert runs == ["evt_fails_once", "evt_fails_once"]


@pytest.fixture(params=["memory", "sqlite", "redis", "redis.asyncio"])
async def any_store(
    request: pytest.FixtureRequest, make_store: StoreFactory
) -> AsyncIterator[ProcessingStore | AsyncRedisStore]:
    """Each store kind: the sync ones (make_store's, parametrized itself) and the async Redis store, whose client
    is closed on the test's own event loop (left open, its connection is collected after the loop closed)."""
    if request.param != "redis.asyncio":
        yield make_store()
        return
    port = request.getfixturevalue("redis_port")
    request.getfixturevalue("redis_client").flushall()
    client = redis.asyncio.Redis(host="127.0.0.1", port=port)
    yield AsyncRedisStore(client)
    await client.aclose()


async def test_aprocess_once_runs_once_and_releases_a_failed_claim(
    any_store: ProcessingStore | AsyncRedisStore,
) -> None:
    runs: list[str] = []

    async def fail() -> None:
        runs.append("failed")
        raise RuntimeError("database down")

    async def work() -> None:
        await asyncio.sleep(0)
        runs.append("ran")

    with pytest.raises(RuntimeError, match="database down"):
        await aprocess_once(any_store, "evt_1", fail)
    assert await aprocess_once(any_store, "evt_1", work) == "processed"
    assert await aprocess_once(any_store, "evt_1", work) == "duplicate"
    assert await aprocess_once(any_store, "evt_1", lambda: runs.append("plain")) == "duplicate"
    assert runs == ["failed", "ran"]


async def test_a_claim_held_elsewhere_is_busy_and_a_plain_store_stays_off_the_loop() -> None:
    threads: list[str] = []

    class Watched(MemoryStore):
        def claim(self, event_id: str) -> Claim:
            threads.append(threading.current_thread().name)
            return super().claim(event_id)

    store = Watched()
    store.claim("evt_held")  # another worker's claim
    assert await aprocess_once(store, "evt_held", lambda: pytest.fail("ran a held event")) == "busy"
    assert threads[-1] != threading.main_thread().name  # called from a worker thread


async def test_the_sync_and_async_redis_stores_share_claims(redis_client: redis.Redis, redis_port: int) -> None:
    client = redis.asyncio.Redis(host="127.0.0.1", port=redis_port)
    sync, aio = RedisStore(redis_client), AsyncRedisStore(client)
    try:
        claim = await aio.claim("evt_shared")
        assert sync.claim("evt_shared").status == "busy"
        await aio.complete("evt_shared", claim.token)
        assert sync.claim("evt_shared").status == "done"
    finally:
        await client.aclose()


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_the_sync_adapters_refuse_an_async_handler_when_mounted(framework: str) -> None:
    router = WebhookRouter(SECRET)

    @router.on("message.bounced")
    async def bounced(event: WebhookEvent) -> None: ...

    if framework == "flask":
        from sendmux.receiving.flask import webhook_view
    else:
        from sendmux.receiving.django import webhook_view

        from . import test_django_adapter  # noqa: F401  (configures Django's settings once)
    with pytest.raises(TypeError, match=r"runs handlers synchronously, and .*bounced is async: make it a plain def"):
        webhook_view(router)


def test_an_async_handler_registered_after_mounting_on_flask_is_refused_unrun_and_retried() -> None:
    from sendmux.receiving.flask import webhook_view

    store, runs = MemoryStore(), []
    router = WebhookRouter(SECRET, store=store)
    app = flask.Flask(__name__)
    app.add_url_rule("/sendmux", view_func=webhook_view(router), methods=["POST"])

    @router.on("message.bounced")
    async def late(event: WebhookEvent) -> None:
        runs.append(event.id)

    body = event_body(id="evt_late")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited": it is closed, unrun
        first = app.test_client().post("/sendmux", data=body, headers=signed(body))
    assert (first.status_code, first.get_data(as_text=True)) == (500, "processing failed: TypeError")
    assert runs == []
    assert store.claim("evt_late").status == "claimed"  # released, not done: Sendmux's retry runs it again


def test_receive_refuses_an_async_store() -> None:
    router = WebhookRouter(SECRET, store=AsyncRedisStore(redis.asyncio.Redis()))  # never connects
    body = event_body()
    with pytest.raises(TypeError, match=r"AsyncRedisStore is async: call await router\.areceive"):
        router.receive(body, signed(body))


def test_sqlite_store_in_an_event_loop(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "events.sqlite3")

    async def run() -> list[str]:
        first = await aprocess_once(store, "evt_1", lambda: None)
        return [first, await aprocess_once(store, "evt_1", lambda: None)]

    assert asyncio.run(run()) == ["processed", "duplicate"]
