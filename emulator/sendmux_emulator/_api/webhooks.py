"""The webhooks' handlers, for what the spec cannot say: secrets shown once, the team's limit, deliveries, signing.
`routes` serves every other operation by its REST role (`rest`) or, keeping no state, from the spec (`from_spec`)."""

from __future__ import annotations

from typing import Any

from .._delivery.event_bodies import build_event
from .._delivery.worker import receives
from .._spec.document import BASE_PATH
from .._spec.replies import Reply, error, success
from .._state.webhook_store import MODELLED_FIELDS, Webhook
from .pipeline import ApiHandler, IncomingCall
from .rest import etag_matches, page

__all__ = ["WEBHOOK_HANDLERS", "webhook_json"]


def _not_found(call: IncomingCall) -> Reply:
    return error("not_found", "Webhook not found.", call.request_id)


def _webhook(call: IncomingCall) -> Webhook | None:
    return call.emulator.store.get(call.team, call.path_params["public_id"])


def create_webhook(call: IncomingCall) -> Reply:
    store, limit = call.emulator.store, call.emulator.config.webhook_limit
    if store.count(call.team) >= limit:
        message = f"This team already has {limit} webhook(s), its limit. Delete one or ask for a higher limit."
        return error("limit_exceeded", message, call.request_id)
    body = call.body
    webhook = store.create(
        call.team,
        url=body["url"],
        event_types=body["event_types"],
        name=body.get("name"),
        mailbox_ids=body.get("filters", {}).get("mailbox_ids", []),
        enabled=body.get("enabled", True),
        extra={name: value for name, value in body.items() if name not in MODELLED_FIELDS},
    )
    location = f"{BASE_PATH}/webhooks/{webhook.id}"
    return success(webhook.as_json(with_secret=True), call.request_id, status=201, headers={"Location": location})


def list_webhooks(call: IncomingCall) -> Reply:
    listed = page(call, "webhooks", call.emulator.store.newest_first(call.team), lambda webhook: webhook.position)
    if isinstance(listed, Reply):
        return listed
    return success([w.as_json() for w in listed.items], call.request_id, pagination=listed.pagination())


def get_webhook(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if etag_matches(call.headers.get("if-none-match"), webhook.etag):
        return Reply(304, None, call.request_id, {"ETag": webhook.etag})
    return success(webhook.as_json(), call.request_id, headers={"ETag": webhook.etag})


def update_webhook(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if_match = call.headers.get("if-match")
    if if_match is not None and not etag_matches(if_match, webhook.etag):
        message = "The webhook changed since you read it (If-Match does not match); fetch it again."
        return error("conflict", message, call.request_id, param="If-Match", headers={"ETag": webhook.etag})
    was_enabled = webhook.enabled
    call.emulator.store.update(webhook, call.body)
    if was_enabled and not webhook.enabled:
        call.emulator.deliveries.stop(webhook.id)
    return success(webhook.as_json(), call.request_id, headers={"ETag": webhook.etag})


def delete_webhook(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    emulator = call.emulator
    emulator.deliveries.stop(webhook.id)
    emulator.attempts.hide_webhook(webhook.id)
    emulator.store.delete(webhook)
    return success({"deleted": True, "id": webhook.id}, call.request_id)


def rotate_webhook_secret(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    call.emulator.store.rotate_secret(webhook)
    return success(webhook.as_json(with_secret=True), call.request_id)


def test_webhook(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if "sendmux.test" not in webhook.event_types:
        message = "This webhook is not subscribed to sendmux.test; add it to event_types to send test events."
        return error("conflict", message, call.request_id)
    emulator = call.emulator
    event = build_event("sendmux.test", call.team, occurred_at=emulator.clock.now(), webhook_id=webhook.id)
    if receives(webhook, event):  # a disabled or failing subscription accepts the call but gets nothing
        emulator.deliveries.publish(event, [webhook])
    return success({"event_id": event["id"]}, call.request_id)


def list_webhook_deliveries(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    now = call.emulator.clock.now()
    rows = [
        attempt
        for attempt in call.emulator.attempts.for_webhook(webhook.id, now)
        if call.query.get("event_type") in (None, attempt.event["type"])
        and call.query.get("result") in (None, attempt.result)
    ]
    listed = page(call, f"deliveries\0{webhook.id}", rows, lambda attempt: attempt.position)
    if isinstance(listed, Reply):
        return listed
    return success([a.as_json(now) for a in listed.items], call.request_id, pagination=listed.pagination())


def get_webhook_delivery_payload(call: IncomingCall) -> Reply:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    emulator = call.emulator
    attempt = emulator.attempts.get(webhook.id, call.path_params["delivery_id"], emulator.clock.now())
    if attempt is None:
        return error("not_found", "Delivery attempt not found, or its payload expired.", call.request_id)
    return success(attempt.payload_json(), call.request_id)


WEBHOOK_HANDLERS: dict[str, ApiHandler] = {
    "createWebhook": create_webhook,
    "listWebhooks": list_webhooks,
    "getWebhook": get_webhook,
    "updateWebhook": update_webhook,
    "deleteWebhook": delete_webhook,
    "rotateWebhookSecret": rotate_webhook_secret,
    "testWebhook": test_webhook,
    "listWebhookDeliveries": list_webhook_deliveries,
    "getWebhookDeliveryPayload": get_webhook_delivery_payload,
}
"""operationId → handler, for what the spec cannot express. Every other operation of openapi.yaml is served by
its REST role (`rest`) or from the spec (`from_spec`)."""


def webhook_json(call: IncomingCall, webhook_id: str) -> dict[str, Any] | None:
    """The team's webhook as the API shows it, or None: how `rest` reads a collection these handlers keep."""
    webhook = call.emulator.store.get(call.team, webhook_id)
    return webhook.as_json() if webhook is not None else None
