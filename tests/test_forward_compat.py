"""A newer server's unknown fields and enum values must parse, and be kept, not raise."""

from __future__ import annotations

from typing import Any

from sendmux_client.models import (
    ApiError,
    DeliveryResult,
    ErrorCode,
    EventType,
    WebhookDeliveryListResponse,
    WebhookEventPayload,
    WebhookListResponse,
    WebhookWithSecretResponse,
)

from .client.fakes import subscription
from .webhooks.deliveries import event_dict


def test_unknown_event_type_and_field_on_a_subscription_are_kept() -> None:
    raw = {
        "ok": True,
        "data": [subscription(event_types=["test.fictional_event", "message.bounced"], colour="blue")],
        "pagination": {"has_more": False, "cursor_hint": 3},
        "meta": {"request_id": "req_1", "region": "eu"},
        "warnings": ["new top-level key"],
    }
    page = WebhookListResponse.from_dict(raw)
    sub = page.data[0]
    assert sub.event_types == ["test.fictional_event", EventType.MESSAGE_BOUNCED]
    assert isinstance(sub.event_types[0], str) and not isinstance(sub.event_types[0], EventType)
    assert sub.additional_properties == {"colour": "blue"}
    assert page.pagination.additional_properties == {"cursor_hint": 3}
    assert page.meta.additional_properties == {"region": "eu"}
    assert page.additional_properties == {"warnings": ["new top-level key"]}
    # round trip keeps the unknown values
    assert page.to_dict()["data"][0]["event_types"] == ["test.fictional_event", "message.bounced"]
    assert page.to_dict()["data"][0]["colour"] == "blue"


def test_subscription_with_secret_parses_unknown_values() -> None:
    raw = {
        "ok": True,
        "data": subscription(secret="whsec_x", event_types=["sendmux.test", "mailbox.created"], tier="gold"),
        "meta": {"request_id": "req_1"},
    }
    parsed = WebhookWithSecretResponse.from_dict(raw)
    assert parsed.data.secret == "whsec_x"
    assert parsed.data.event_types == [EventType.SENDMUX_TEST, "mailbox.created"]
    assert parsed.data.additional_properties == {"tier": "gold"}


def test_unknown_error_code_is_kept_as_string() -> None:
    raw = {
        "ok": False,
        "error": {"code": "quota_frozen", "message": "Frozen.", "retryable": False, "hint": "wait"},
        "meta": {"request_id": "req_2"},
    }
    err = ApiError.from_dict(raw)
    assert err.error.code == "quota_frozen"
    assert not isinstance(err.error.code, ErrorCode)
    assert err.error.additional_properties == {"hint": "wait"}
    known = ApiError.from_dict({**raw, "error": {**raw["error"], "code": "not_found"}})
    assert known.error.code is ErrorCode.NOT_FOUND


def test_unknown_delivery_result_and_event_type_on_an_attempt() -> None:
    attempt = {
        "id": "whda_1",
        "event_id": "evt_1",
        "event_type": "test.fictional_event",
        "result": "deferred",
        "response_status": None,
        "response_ms": 0,
        "delivery_attempt": 1,
        "max_attempts": 8,
        "next_retry_at": None,
        "error_message": "timeout",
        "response_body": None,
        "payload_available": True,
        "payload_expires_at": "2026-05-28T09:12:00Z",
        "request_payload_bytes": 10,
        "request_payload_sha256": None,
        "created_at": "2026-05-21T09:12:00Z",
        "region": "eu-west-1",
    }
    raw = {"ok": True, "data": [attempt], "pagination": {"has_more": False}, "meta": {"request_id": "r"}}
    parsed = WebhookDeliveryListResponse.from_dict(raw)
    row = parsed.data[0]
    assert row.result == "deferred" and not isinstance(row.result, DeliveryResult)
    assert row.event_type == "test.fictional_event"
    assert row.additional_properties == {"region": "eu-west-1"}


def _event_body() -> dict[str, Any]:
    """An event from a newer server: unknown type, unknown enum values and unknown keys at both levels."""
    return event_dict(
        "test.fictional_event",
        data_bounce_type="Soft",
        data_message_id_kind="x-internal",
        data_opened_by="ua",
        schema_version=2,
    )


def test_event_body_with_unknown_type_bounce_type_and_keys() -> None:
    raw = _event_body()
    event = WebhookEventPayload.from_dict(raw)
    assert event.type_ == "test.fictional_event"  # the generator renames `type`; sendmux.WebhookEvent adds `.type`
    assert event.data.bounce_type == "Soft"
    assert event.data.message_id_kind == "x-internal"
    assert event.data.additional_properties == {"opened_by": "ua"}
    assert event.additional_properties == {"schema_version": 2}
    assert event.occurred_at.year == 2026 and event.occurred_at.tzinfo is not None


def test_retained_delivery_with_an_unknown_type_parses_into_a_webhook_event() -> None:
    import sendmux

    raw = {
        "id": "whda_1",
        "event_id": "evt_1",
        "event_type": "test.fictional_event",
        "delivery_attempt": 3,
        "created_at": "2026-04-23T10:15:31Z",
        "expires_at": "2026-05-23T10:15:31Z",
        "payload": _event_body(),
        "region": "eu",
    }
    delivery = sendmux.DeliveryPayload.from_dict(raw)
    assert isinstance(delivery.payload, sendmux.WebhookEvent)
    assert delivery.payload.type == delivery.event_type == "test.fictional_event"
    assert delivery.payload.additional_properties == {"schema_version": 2}
    assert delivery.additional_properties == {"region": "eu"}
    round_trip = delivery.to_dict()
    assert round_trip["payload"]["data"]["opened_by"] == "ua"
    kept = {"id", "event_id", "event_type", "delivery_attempt", "region"}
    assert {k: round_trip[k] for k in kept} == {k: raw[k] for k in kept}
    assert round_trip["created_at"] == "2026-04-23T10:15:31+00:00"  # isoformat spells Z as +00:00
