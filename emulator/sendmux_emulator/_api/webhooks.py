"""Every operation of openapi.yaml as a pipeline `Operation`: the webhooks' by their own handlers, for what the spec
cannot say (secrets shown once, team limits, deliveries, signing); every other one by its REST role (`rest`),
or, keeping no state, from the spec (`from_spec`)."""

from __future__ import annotations

from typing import Any

from sendmux_spec import roles

from .._delivery.event_bodies import build_event
from .._delivery.worker import receives
from .._spec.document import BASE_PATH, spec_document
from .._spec.replies import Outcome, error, success
from .._state.webhook_store import MODELLED_FIELDS, Webhook
from .from_spec import permission_of, served_from_spec
from .pipeline import Call, Handler, Operation
from .rest import ForeignRecords, conditional, etag_matches, page, rest_handler

__all__ = ["operations"]


def _not_found(call: Call) -> Outcome:
    return error("not_found", "Webhook not found.", call.request_id)


def _webhook(call: Call) -> Webhook | None:
    return call.emulator.store.get(call.team, call.path_params["public_id"])


def create_webhook(call: Call) -> Outcome:
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


def list_webhooks(call: Call) -> Outcome:
    listed = page(call, "webhooks", call.emulator.store.newest_first(call.team), lambda webhook: webhook.position)
    if isinstance(listed, Outcome):
        return listed
    return success([w.as_json() for w in listed.items], call.request_id, pagination=listed.pagination())


def get_webhook(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if etag_matches(call.headers.get("if-none-match"), webhook.etag):
        return Outcome(304, None, call.request_id, {"ETag": webhook.etag})
    return success(webhook.as_json(), call.request_id, headers={"ETag": webhook.etag})


def update_webhook(call: Call) -> Outcome:
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


def delete_webhook(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    emulator = call.emulator
    emulator.deliveries.stop(webhook.id)
    emulator.attempts.hide_webhook(webhook.id)
    emulator.store.delete(webhook)
    return success({"deleted": True, "id": webhook.id}, call.request_id)


def rotate_webhook_secret(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    call.emulator.store.rotate_secret(webhook)
    return success(webhook.as_json(with_secret=True), call.request_id)


def test_webhook(call: Call) -> Outcome:
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


def list_webhook_deliveries(call: Call) -> Outcome:
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
    if isinstance(listed, Outcome):
        return listed
    return success([a.as_json(now) for a in listed.items], call.request_id, pagination=listed.pagination())


def get_webhook_delivery_payload(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    emulator = call.emulator
    attempt = emulator.attempts.get(webhook.id, call.path_params["delivery_id"], emulator.clock.now())
    if attempt is None:
        return error("not_found", "Delivery attempt not found, or its payload expired.", call.request_id)
    return success(attempt.payload_json(), call.request_id)


_HANDLERS: dict[str, Handler] = {
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


def _webhook_json(call: Call, webhook_id: str) -> dict[str, Any] | None:
    webhook = call.emulator.store.get(call.team, webhook_id)
    return webhook.as_json() if webhook is not None else None


def _path_order(template: str) -> tuple[int, ...]:
    """Sort key putting literal segments before templated ones, segment by segment: OpenAPI's rule that
    ``/webhooks/event-types`` wins over ``/webhooks/{public_id}`` whatever their order in the document."""
    return tuple(1 if segment.startswith("{") else 0 for segment in template.strip("/").split("/"))


def operations() -> tuple[Operation, ...]:
    """One `Operation` per operation of openapi.yaml, literal paths first; the spec says which need which
    permission, take a body or an Idempotency-Key."""
    document = spec_document()
    role_of = roles(document)
    # The collection the webhook handlers keep (in the webhook store): other operations under it read it there.
    foreign: dict[str, ForeignRecords] = {
        role.collection.path: _webhook_json
        for op in document.operations
        if (role := role_of[(op.method, op.path)]).kind == "create"
        and role.collection is not None
        and op.operation_id in _HANDLERS
    }
    result = []
    for op in sorted(document.operations, key=lambda op: _path_order(op.path)):
        if op.method not in {"get", "post", "patch", "delete", "put"}:
            continue
        role = role_of[(op.method, op.path)]
        handler = _HANDLERS.get(str(op.operation_id))
        if handler is None:
            handler = rest_handler(document, op, role, foreign) if role.kind else served_from_spec(op)
            handler = conditional(op, handler)
        result.append(
            Operation(
                operation_id=str(op.operation_id),
                method=op.method,
                template=op.path,
                permission=permission_of(op.node),
                handler=handler,
                idempotent=op.idempotent,
                has_body=op.request_body is not None,
            )
        )
    missing = set(_HANDLERS) - {op.operation_id for op in result}
    if missing:
        raise RuntimeError(f"openapi.yaml no longer has operations {sorted(missing)}: drop them from _HANDLERS")
    return tuple(result)
