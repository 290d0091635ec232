"""Reading a verified event the way the README shows: branch on the type, read typed data."""

from __future__ import annotations

import json
import time

import pytest

from sendmux import WebhookEvent, sign_webhook, verify_webhook
from sendmux.models import BounceType, EventType

from .deliveries import SECRET, event_body


def describe(event: WebhookEvent) -> str:
    if event.type == EventType.MESSAGE_BOUNCED:
        if event.data.bounce_type == BounceType.PERMANENT:
            return "suppress " + ", ".join(event.data.recipients)
        return f"bounce ({event.data.bounce_type}), keep sending"
    if event.type in ("message.received", "message.received.spam"):
        return f"inbound mail in {event.data.mailbox_id}, spam={event.data.is_spam}"
    if event.type == "sendmux.test":
        return f"test event for {event.data.webhook_id}"
    return f"not handled yet: {event.type}"


def receive(body: bytes) -> str:
    """A receiver under test: its deliveries are signed with ``sign_webhook``, as in the README."""
    return describe(verify_webhook(body, sign_webhook(body, SECRET), SECRET))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (event_body(), "suppress user@example.com"),
        (event_body(data_bounce_type="Transient"), "bounce (Transient), keep sending"),
        (
            event_body("message.received", data_mailbox_id="mbx_1", data_is_spam=False),
            "inbound mail in mbx_1, spam=False",
        ),
        (
            event_body("message.received.spam", data_mailbox_id="mbx_1", data_is_spam=True),
            "inbound mail in mbx_1, spam=True",
        ),
        (event_body("sendmux.test", data_recipients=[], data_webhook_id="whk_1"), "test event for whk_1"),
        (event_body("test.fictional_event"), "not handled yet: test.fictional_event"),
    ],
)
def test_branch_on_type_and_read_typed_data(body: bytes, expected: str) -> None:
    assert receive(body) == expected


def test_match_statement_on_event_type() -> None:
    event = verify_webhook(event_body(), sign_webhook(event_body(), SECRET), SECRET)
    match event.type:
        case EventType.MESSAGE_BOUNCED:
            bounce_type: BounceType | str | None = event.data.bounce_type
            assert bounce_type is BounceType.PERMANENT
            assert event.data.bounce_subtype == "General"
        case _:
            pytest.fail(f"unexpected {event.type}")


def test_event_type_members_and_strings_compare_equal() -> None:
    event = verify_webhook(event_body(), sign_webhook(event_body(), SECRET), SECRET)
    assert event.type == EventType.MESSAGE_BOUNCED
    assert event.type == "message.bounced"
    assert str(event.type) == "message.bounced"  # for logs: the wire value, not "EventType.MESSAGE_BOUNCED"


def test_timestamped_delivery_signed_with_sign_webhook() -> None:
    body = event_body()
    headers = sign_webhook(body, SECRET, timestamp=int(time.time()))
    assert verify_webhook(body, headers, SECRET, require_timestamp=True).id == "evt_cl9x2b7k40000qzrmn1c4d5e9"


def test_from_dict_builds_the_same_event_as_verify_webhook() -> None:
    # For replaying a stored body or building a fixture: the class verify_webhook returns, the same fields.
    verified = verify_webhook(event_body(), sign_webhook(event_body(), SECRET), SECRET)
    built = WebhookEvent.from_dict(json.loads(event_body()))
    assert type(built) is type(verified) and isinstance(built, WebhookEvent)
    assert built == verified and built.type is EventType.MESSAGE_BOUNCED


def test_every_event_is_the_one_public_class_with_the_models_fields() -> None:
    import copy
    import datetime
    import pickle

    from sendmux import DeliveryPayload
    from sendmux.models import WebhookEventPayload
    from sendmux.testing import make_event

    raw = json.loads(event_body(extra="kept"))
    verified = verify_webhook(event_body(extra="kept"), sign_webhook(event_body(extra="kept"), SECRET), SECRET)
    stored = {"id": "dlv_1", "event_id": raw["id"], "event_type": raw["type"], "delivery_attempt": 1}
    stored |= {"created_at": raw["occurred_at"], "expires_at": raw["occurred_at"], "payload": raw}
    built = WebhookEvent(
        raw["id"], EventType.MESSAGE_BOUNCED, raw["team_public_id"], verified.occurred_at, verified.data
    )
    events = [
        verified,
        WebhookEvent.from_dict(raw),
        DeliveryPayload.from_dict(stored).payload,
        make_event("message.bounced"),
        built,
        pickle.loads(pickle.dumps(verified)),
        pickle.loads(pickle.dumps(verified, protocol=0)),
        copy.deepcopy(verified),
    ]
    assert all(type(event) is WebhookEvent for event in events)
    assert events[1] == events[2] == events[5] == events[6] == events[7] == verified != built
    model = WebhookEventPayload.from_dict(raw)
    assert verified.to_dict() == model.to_dict() and verified.to_dict()["extra"] == "kept"
    assert verified.additional_properties == {"extra": "kept"} and verified["extra"] == "kept" and "extra" in verified
    assert built.additional_properties == {} and "extra" not in built.to_dict()
    assert repr(verified) == "WebhookEvent" + repr(model).removeprefix("WebhookEventPayload")
    match verified:
        case WebhookEvent(event_id, EventType.MESSAGE_BOUNCED, occurred_at=datetime.datetime(year=2026)):
            assert event_id == raw["id"]
        case _:
            pytest.fail("the positional fields match as the generated model's do")
    with pytest.raises(TypeError):
        hash(verified)  # mutable, compared by value: unhashable, as the generated model is
