"""What a handler returns cannot lose its event: an awaitable is awaited where the router runs on an event loop
(``areceive``, the Starlette/FastAPI adapter), and refused as a failure where it cannot be (``receive``, Flask,
Django): the claim is released, so Sendmux's retry runs the event again. It is never marked done unrun. The three
forms that slipped through: an object whose ``__call__`` is ``async def``, a lambda around an async function, and
a ``functools.wraps`` wrapper that returns the coroutine."""

from __future__ import annotations

import asyncio
import functools
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from sendmux import WebhookEvent, sign_webhook
from sendmux.receiving import Answer, MemoryStore, WebhookRouter

from ..webhooks.deliveries import SECRET, event_body


def _forms(done: list[str]) -> dict[str, Callable[[WebhookEvent], Any]]:
    async def save(event: WebhookEvent) -> None:
        await asyncio.sleep(0)
        done.append(event.id)

    class Saver:
        async def __call__(self, event: WebhookEvent) -> None:
            await save(event)

    @functools.wraps(save)
    def wrapped(event: WebhookEvent) -> Awaitable[None]:
        return save(event)

    return {"async __call__": Saver(), "lambda": lambda event: save(event), "functools.wraps": wrapped}


FORMS = ["async __call__", "lambda", "functools.wraps"]


def signed(body: bytes) -> dict[str, str]:
    return sign_webhook(body, SECRET, timestamp=int(time.time()))


@pytest.mark.parametrize("form", FORMS)
def test_on_an_event_loop_each_odd_form_is_awaited(form: str) -> None:
    done: list[str] = []
    router = WebhookRouter(SECRET, store=MemoryStore())
    router.on("message.bounced")(_forms(done)[form])
    body = event_body(id="evt_odd")

    async def deliver_twice() -> list[Answer]:
        return [await router.areceive(body, signed(body)) for _ in range(2)]

    assert asyncio.run(deliver_twice()) == [Answer(200, "processed"), Answer(200, "duplicate")]
    assert done == ["evt_odd"]  # the work ran, once


@pytest.mark.parametrize("form", FORMS)
def test_through_the_starlette_adapter_too(form: str) -> None:
    from starlette.applications import Starlette
    from starlette.exceptions import StarletteDeprecationWarning
    from starlette.routing import Route

    from sendmux.receiving.starlette import webhook_endpoint

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient

    done: list[str] = []
    router = WebhookRouter(SECRET, store=MemoryStore())
    router.on("message.bounced")(_forms(done)[form])
    app = Starlette(routes=[Route("/sendmux", webhook_endpoint(router), methods=["POST"])])
    body = event_body(id="evt_odd")
    with TestClient(app) as client:
        answers = [client.post("/sendmux", content=body, headers=signed(body)).text for _ in range(2)]
    assert answers == ["processed", "duplicate"]
    assert done == ["evt_odd"]


@pytest.mark.parametrize("form", FORMS)
def test_where_it_cannot_be_awaited_it_is_refused_unrun_and_the_retry_runs_it(form: str) -> None:
    done: list[str] = []
    store = MemoryStore()
    router = WebhookRouter(SECRET, store=store)
    router.on("message.bounced")(_forms(done)[form])
    body = event_body(id="evt_odd")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine ... was never awaited": closed, not dropped
        answers = [router.receive(body, signed(body)) for _ in range(2)]
    assert answers == [Answer(500, "processing failed: TypeError")] * 2  # never 200, never "duplicate"
    assert done == []
    assert store.claim("evt_odd").status == "claimed"  # released each time: not marked done


def test_registration_takes_any_callable() -> None:
    router = WebhookRouter(SECRET)
    for form in _forms([]).values():
        router.fallback(form)
    with pytest.raises(TypeError, match="a handler must be a function taking the event"):
        router.fallback(None)  # type: ignore[arg-type]
