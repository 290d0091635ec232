"""``sendmux.testing``: events from the spec's examples, signed requests, in-process delivery to ASGI and WSGI apps."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from sendmux import WebhookEvent, WebhookVerificationError, verify_webhook
from sendmux.models import BounceType, EventType
from sendmux.testing import adeliver, deliver, make_event, signed_request
from sendmux_spec import read_yaml

SPEC = read_yaml((Path(__file__).resolve().parents[2] / "openapi.yaml").read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]
EXAMPLES = {example["type"]: example for example in SCHEMAS["WebhookEventPayload"]["examples"]}
SECRET = "whsec_toolkit"


@pytest.mark.parametrize("event_type", SCHEMAS["EventType"]["enum"])
def test_make_event_builds_every_type_from_its_spec_example(event_type: str) -> None:
    event = make_event(event_type)
    assert isinstance(event, WebhookEvent) and event.type == event_type
    assert event.id.startswith("evt_") and event.id != EXAMPLES[event_type]["id"]  # fresh, so dedupe sees two
    assert event.data.to_dict() == WebhookEvent.from_dict(EXAMPLES[event_type]).data.to_dict()
    body, headers = signed_request(event, SECRET)
    assert verify_webhook(body, headers, SECRET, require_timestamp=True).to_dict() == event.to_dict()


def test_overrides_replace_data_keys_and_accept_enum_members_and_datetimes() -> None:
    expires = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    event = make_event(
        EventType.MESSAGE_DELIVERY_DELAYED, event_id="evt_mine", delay_expires_at=expires, recipients=["a@example.com"]
    )
    assert event.id == "evt_mine" and event.data.recipients == ["a@example.com"]
    assert event.data.delay_expires_at == expires
    bounced = make_event("message.bounced", bounce_type=BounceType.TRANSIENT, occurred_at=expires)
    assert bounced.data.bounce_type == BounceType.TRANSIENT and bounced.occurred_at == expires


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_event("message.opened"), ValueError, "no example event of type 'message.opened'"),
        (lambda: make_event("message.bounced", colour="red"), ValueError, "unknown data key"),
        (lambda: make_event("message.bounced", recipients="a@example.com"), TypeError, "data.recipients"),
        (lambda: make_event("message.received", is_spam="yes"), TypeError, "data.is_spam"),
        (lambda: make_event("message.bounced", occurred_at=datetime.datetime(2026, 1, 1)), ValueError, "aware"),
        (lambda: signed_request(42, SECRET), TypeError, "expected a WebhookEvent"),
    ],
)
def test_bad_overrides_raise_naming_the_key(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_signed_request_is_timestamped_and_signs_raw_bodies_too() -> None:
    body, headers = signed_request(b'{"id":"evt_1","type":"message.bounced"}', SECRET, timestamp=1_700_000_000)
    assert headers["X-Sendmux-Timestamp"] == "1700000000" and headers["X-Sendmux-Event-Id"] == "evt_1"
    with pytest.raises(WebhookVerificationError, match="timestamp outside tolerance"):
        verify_webhook(body, headers, SECRET)  # 2023 is far outside the 300 s tolerance
    fresh_body, fresh = signed_request(make_event("sendmux.test"), SECRET)
    assert verify_webhook(fresh_body, fresh, SECRET, require_timestamp=True).type == "sendmux.test"


async def _asgi_hook(request: Request) -> PlainTextResponse:
    try:
        event = verify_webhook(await request.body(), request.headers, SECRET, require_timestamp=True)
    except WebhookVerificationError as exc:
        return PlainTextResponse(exc.reason, status_code=400)
    return PlainTextResponse(f"{event.type} {request.url.path} {request.query_params.get('tenant')}")


ASGI_APP = Starlette(routes=[Route("/webhooks", _asgi_hook, methods=["POST"])])


def _wsgi_app(environ: dict[str, Any], start_response: Callable[..., object]) -> Iterable[bytes]:
    body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
    headers = {k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")}
    headers["Content-Type"] = environ["CONTENT_TYPE"]
    try:
        event = verify_webhook(body, headers, SECRET, require_timestamp=True)
    except WebhookVerificationError as exc:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [exc.reason.encode()]
    start_response("202 Accepted", [("Content-Type", "text/plain"), ("X-Seen", event.id)])
    return [event.type.encode(), b" ", environ["PATH_INFO"].encode()]


def test_deliver_to_an_asgi_app_in_process() -> None:
    event = make_event("message.bounced")
    answer = deliver(ASGI_APP, event, SECRET, path="/webhooks?tenant=42")
    assert (answer.status_code, answer.text) == (200, "message.bounced /webhooks 42")
    forged = {"X-Sendmux-Signature": "sha256=" + "0" * 64, "X-Sendmux-Signature-V2": "v1=" + "0" * 64}
    tampered = deliver(ASGI_APP, event, SECRET, path="/webhooks", headers=forged)
    assert tampered.status_code == 400 and tampered.text.startswith("no matching signature")
    assert deliver(ASGI_APP, event, "whsec_other", path="/webhooks").status_code == 400


def test_deliver_to_a_wsgi_app_in_process() -> None:
    event = make_event("message.received")
    answer = deliver(_wsgi_app, event, SECRET, path="/hooks/sendmux")
    assert (answer.status_code, answer.text, answer.headers["x-seen"]) == (
        202,
        "message.received /hooks/sendmux",
        event.id,
    )


def test_adeliver_inside_a_running_loop() -> None:
    async def main() -> tuple[int, str]:
        with pytest.raises(RuntimeError, match="await adeliver"):
            deliver(ASGI_APP, make_event("sendmux.test"), SECRET)
        answer = await adeliver(ASGI_APP, make_event("sendmux.test"), SECRET, path="/webhooks")
        return answer.status_code, answer.text

    assert asyncio.run(main()) == (200, "sendmux.test /webhooks None")


def test_the_spec_has_one_example_per_event_type() -> None:
    types = [example["type"] for example in SCHEMAS["WebhookEventPayload"]["examples"]]
    assert sorted(types) == sorted(SCHEMAS["EventType"]["enum"]) and len(types) == len(set(types))
