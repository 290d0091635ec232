"""The Django adapter, through Django's test client with CSRF checks on: minimal settings, one URL."""

from __future__ import annotations

import time
from collections.abc import Iterator

import django
import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, clear_url_caches, path

from sendmux import WebhookEvent, sign_webhook
from sendmux.receiving import MemoryStore, WebhookRouter
from sendmux.receiving.django import webhook_view

from ..webhooks.deliveries import SECRET, event_body

if not settings.configured:
    settings.configure(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        SECRET_KEY="test-only-django-key",  # a test value, not a secret
        USE_TZ=True,
    )
    django.setup()

urlpatterns: list[URLPattern] = []  # each test mounts its own router here


@pytest.fixture
def runs() -> list[str]:
    return []


@pytest.fixture
def client(runs: list[str]) -> Iterator[Client]:
    router = WebhookRouter(SECRET, store=MemoryStore(), max_body_size=4096)

    @router.on("message.bounced")
    def bounced(event: WebhookEvent) -> None:
        runs.append(event.id)
        if event.id == "evt_fails_once" and runs.count(event.id) == 1:
            raise RuntimeError("database down")

    urlpatterns[:] = [path("sendmux/", webhook_view(router))]
    clear_url_caches()
    yield Client(enforce_csrf_checks=True)  # a CSRF-protected site: the adapter's view is exempt
    urlpatterns.clear()
    clear_url_caches()


def deliver(client: Client, body: bytes, **headers: str) -> tuple[int, str]:
    signed = sign_webhook(body, SECRET, timestamp=int(time.time()))
    response = client.post("/sendmux/", data=body, content_type="application/json", headers={**signed, **headers})
    return response.status_code, response.content.decode()


def test_a_delivery_is_verified_handled_once_and_answered_200(client: Client, runs: list[str]) -> None:
    body = event_body(id="evt_1")
    assert deliver(client, body) == (200, "processed")
    assert deliver(client, body) == (200, "duplicate")
    assert runs == ["evt_1"]


def test_a_bad_signature_gets_400_with_the_reason(client: Client, runs: list[str]) -> None:
    body = event_body(id="evt_1")
    forged = sign_webhook(body, "whsec_forged", timestamp=int(time.time()))
    status, text = deliver(client, body, **forged)
    assert (status, text.split(":")[0]) == (400, "no matching signature")
    assert runs == []


def test_a_failing_handler_gets_500_and_the_retry_runs_it(client: Client, runs: list[str]) -> None:
    body = event_body(id="evt_fails_once")
    assert deliver(client, body) == (500, "processing failed: RuntimeError")
    assert deliver(client, body) == (200, "processed")
    assert runs == ["evt_fails_once", "evt_fails_once"]


def test_a_body_over_the_cap_gets_413(client: Client, runs: list[str]) -> None:
    body = event_body(id="evt_big", data_recipients=[f"r{n}@example.com" for n in range(400)])
    assert deliver(client, body) == (413, "body too large: over 4096 bytes")
    assert runs == []


def test_only_post_is_accepted(client: Client) -> None:
    assert client.get("/sendmux/").status_code == 405
