"""WebhookRouter: verified deliveries dispatched by event type, with the answers Sendmux acts on."""

from __future__ import annotations

import time
from typing import Any

import pytest

from sendmux import WebhookEvent, sign_webhook
from sendmux.models import BounceType, EventType
from sendmux.receiving import Answer, MemoryStore, WebhookRouter, secret_from_env

from ..webhooks.deliveries import OLD_SECRET, SECRET, event_body


def delivered(router: WebhookRouter, body: bytes, secret: str = SECRET, **headers: str) -> Answer:
    return router.receive(body, {**sign_webhook(body, secret, timestamp=int(time.time())), **headers})


def test_each_type_reaches_its_handler_with_typed_data() -> None:
    router, seen = WebhookRouter(SECRET), []

    @router.on(EventType.MESSAGE_BOUNCED)
    def bounced(event: WebhookEvent) -> None:
        seen.append(("bounced", event.data.bounce_type, event.data.recipients))

    @router.on("message.received", EventType.MESSAGE_RECEIVED_SPAM)
    def inbound(event: WebhookEvent) -> None:
        seen.append((str(event.type), event.data.mailbox_id, event.data.is_spam))

    assert delivered(router, event_body(id="evt_1")) == Answer(200, "processed")
    spam = event_body("message.received.spam", data_mailbox_id="mbx_1", data_is_spam=True)
    assert delivered(router, spam) == Answer(200, "processed")
    inbound_body = event_body("message.received", data_mailbox_id="mbx_2", data_is_spam=False)
    assert delivered(router, inbound_body) == Answer(200, "processed")
    assert seen == [
        ("bounced", BounceType.PERMANENT, ["user@example.com"]),
        ("message.received.spam", "mbx_1", True),
        ("message.received", "mbx_2", False),
    ]
    assert bounced.__name__ == "bounced"  # the decorator gives the function back


def test_the_fallback_gets_types_without_a_handler_including_newer_ones() -> None:
    router, seen = WebhookRouter(SECRET), []
    router.on("message.bounced")(lambda event: seen.append("bounced"))
    assert delivered(router, event_body("message.opened")) == Answer(200, "processed")  # no fallback: acknowledged
    router.fallback(lambda event: seen.append(f"fallback {event.type}"))
    assert delivered(router, event_body("message.opened")) == Answer(200, "processed")
    test_event = event_body("sendmux.test", data_recipients=[], data_webhook_id="whk_1")
    assert delivered(router, test_event) == Answer(200, "processed")
    assert delivered(router, event_body()) == Answer(200, "processed")
    assert seen == ["fallback message.opened", "fallback sendmux.test", "bounced"]


def test_a_bad_delivery_gets_400_with_the_reason_and_reaches_no_handler() -> None:
    router, seen = WebhookRouter([SECRET, OLD_SECRET], require_timestamp=True), []
    router.fallback(seen.append)
    body = event_body()
    answer = router.receive(body, sign_webhook(body, "whsec_forged", timestamp=int(time.time())))
    assert (answer.status, answer.reason.split(":")[0]) == (400, "no matching signature")
    assert router.receive(body, sign_webhook(body, SECRET)) == Answer(400, "missing header")
    assert delivered(router, body, OLD_SECRET) == Answer(200, "processed")  # during a rotation
    assert len(seen) == 1


def test_a_body_over_the_cap_gets_413() -> None:
    router = WebhookRouter(SECRET, max_body_size=100)
    assert router.receive(b"x" * 101, {}) == Answer(413, "body too large: over 100 bytes")


def test_with_a_store_a_duplicate_is_acknowledged_and_a_failure_is_retried() -> None:
    router, runs = WebhookRouter(SECRET, store=MemoryStore()), []

    @router.on(EventType.MESSAGE_BOUNCED)
    def bounced(event: WebhookEvent) -> None:
        runs.append(event.id)
        if len(runs) == 1:
            raise RuntimeError("database down")

    body = event_body(id="evt_1")
    assert delivered(router, body) == Answer(500, "processing failed: RuntimeError")  # Sendmux will retry
    assert delivered(router, body) == Answer(200, "processed")
    assert delivered(router, body) == Answer(200, "duplicate")
    assert runs == ["evt_1", "evt_1"]


def test_an_event_another_worker_holds_gets_409_so_sendmux_retries_it() -> None:
    store = MemoryStore()
    router = WebhookRouter(SECRET, store=store)
    router.fallback(lambda event: pytest.fail("ran while another worker held the event"))
    store.claim("evt_1")
    answer = delivered(router, event_body(id="evt_1"))
    assert answer.status == 409 and "evt_1" in answer.reason


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: r.on("message.bouncd"), ValueError, "unknown event type 'message.bouncd'"),
        (lambda r: r.on(), ValueError, "at least one event type"),
        (lambda r: r.on("message.bounced")(lambda e: None), ValueError, "message.bounced already has a handler"),
        (lambda r: r.on("message.delivered")(42), TypeError, "a handler must be a function taking the event"),
        (lambda r: r.fallback("print"), TypeError, "a handler must be a function taking the event"),
    ],
)
def test_bad_registrations_raise_at_once(call: Any, error: type[Exception], message: str) -> None:
    router = WebhookRouter(SECRET)
    router.on("message.bounced")(lambda event: None)
    with pytest.raises(error, match=message):
        call(router)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"secret": []}, ValueError, "secret must be"),
        ({"secret": b"whsec_x"}, ValueError, "secret must be"),
        ({"secret": SECRET, "store": object()}, TypeError, "store must have claim, complete and release"),
        ({"secret": SECRET, "max_body_size": 0}, ValueError, "max_body_size must be a positive"),
    ],
)
def test_bad_router_arguments_raise_at_once(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        WebhookRouter(**kwargs)


def test_the_secret_comes_from_sendmux_webhook_secret_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDMUX_WEBHOOK_SECRETS", raising=False)
    monkeypatch.setenv("SENDMUX_WEBHOOK_SECRET", f" {SECRET} , {OLD_SECRET} ")  # new first, during a rotation
    router = WebhookRouter()
    assert router.secrets == [SECRET, OLD_SECRET]
    assert delivered(router, event_body(), OLD_SECRET) == Answer(200, "processed")


def test_the_plural_variable_still_works_with_a_deprecation_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDMUX_WEBHOOK_SECRET", raising=False)
    monkeypatch.setenv("SENDMUX_WEBHOOK_SECRETS", f"{SECRET},{OLD_SECRET}")
    with pytest.warns(
        DeprecationWarning, match="SENDMUX_WEBHOOK_SECRETS is deprecated.*rename it to SENDMUX_WEBHOOK_SECRET"
    ):
        assert secret_from_env() == [SECRET, OLD_SECRET]


def test_without_the_variable_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDMUX_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("SENDMUX_WEBHOOK_SECRETS", raising=False)
    with pytest.raises(KeyError, match="SENDMUX_WEBHOOK_SECRET is not set"):
        WebhookRouter()


def test_a_refused_delivery_is_told_why_without_the_configuration(caplog: pytest.LogCaptureFixture) -> None:
    """The sender is not authenticated: the answer names the check that failed, not how many secrets there are,
    the tolerance or what was required; the log has it all."""
    router = WebhookRouter([SECRET, OLD_SECRET], tolerance=60)
    body = event_body()
    with caplog.at_level("WARNING", logger="sendmux.receiving"):
        forged = router.receive(body, sign_webhook(body, "whsec_forged"))
        stale = router.receive(body, sign_webhook(body, SECRET, timestamp=int(time.time()) - 3600))
    assert (forged, stale) == (Answer(400, "no matching signature"), Answer(400, "timestamp outside tolerance"))
    assert "under any of the 2 secret(s)" in caplog.text and "more than 60 s from now" in caplog.text


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (None, {}, "body must be the raw body as bytes, not NoneType"),
        ("{}", {}, "body must be the raw body as bytes, not str"),
        (b"{}", None, "headers must be the request's headers"),
        (b"{}", [("X-Sendmux-Signature", "sha256=00")], "headers must be the request's headers"),
    ],
)
def test_receive_checks_its_arguments(body: Any, headers: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        WebhookRouter(SECRET).receive(body, headers)


def test_an_event_with_an_empty_id_is_refused_rather_than_failing_for_ever() -> None:
    store = MemoryStore()
    router = WebhookRouter(SECRET, store=store)
    router.fallback(lambda event: pytest.fail("ran an event without an id"))
    body = event_body(id="")
    assert delivered(router, body) == Answer(400, "body is not a valid event")
    assert delivered(router, body) == Answer(400, "body is not a valid event")  # the same answer each time
