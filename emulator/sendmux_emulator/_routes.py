"""The webhook operations of openapi.yaml whose answers depend on state, as handlers over the emulator's state;
the others are served from the spec."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ._delivery import receives
from ._envelope import Issue, Outcome, error, success
from ._events import build_event
from ._from_spec import is_idempotent, permission_of, served_from_spec
from ._pagination import Page, paginate
from ._pipeline import Call, Handler, Operation
from ._spec import BASE_PATH, spec_dict
from ._store import MODELLED_FIELDS, Webhook

__all__ = ["operations"]

Row = TypeVar("Row")


def _etag_matches(header: str | None, etag: str) -> bool:
    """Weak comparison against a comma-separated ``If-Match``/``If-None-Match`` list (``*`` matches)."""
    if header is None:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _not_found(call: Call) -> Outcome:
    return error("not_found", "Webhook not found.", call.request_id)


def _webhook(call: Call) -> Webhook | None:
    return call.emulator.store.get(call.team, call.path_params["public_id"])


def _page(call: Call, listing: str, rows: Sequence[Row], position_of: Callable[[Row], int]) -> Page[Row] | Outcome:
    """The page of ``rows`` (newest first) after the request's cursor, or a 400 when that cursor is not one this
    list of this team handed out (so another team's or another list's cursor is refused, not read)."""
    cursors, scoped = call.emulator.cursors, f"{call.team}\0{listing}"
    cursor = call.query.get("cursor")
    after = cursors.decode(scoped, cursor) if cursor is not None else None
    if cursor is not None and after is None:
        issue = Issue("cursor", "invalid_string", "not a cursor this list handed out")
        return error(
            "invalid_parameter", "Invalid request parameters.", call.request_id, param="cursor", issues=[issue]
        )
    return paginate(rows, position_of, after=after, limit=call.query["limit"], codec=cursors, listing=scoped)


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
    page = _page(call, "webhooks", call.emulator.store.newest_first(call.team), lambda webhook: webhook.position)
    if isinstance(page, Outcome):
        return page
    return success([w.as_json() for w in page.items], call.request_id, pagination=page.pagination())


def get_webhook(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if _etag_matches(call.headers.get("if-none-match"), webhook.etag):
        return Outcome(304, None, call.request_id, {"ETag": webhook.etag})
    return success(webhook.as_json(), call.request_id, headers={"ETag": webhook.etag})


def update_webhook(call: Call) -> Outcome:
    webhook = _webhook(call)
    if webhook is None:
        return _not_found(call)
    if_match = call.headers.get("if-match")
    if if_match is not None and not _etag_matches(if_match, webhook.etag):
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
    page = _page(call, f"deliveries\0{webhook.id}", rows, lambda attempt: attempt.position)
    if isinstance(page, Outcome):
        return page
    return success([a.as_json(now) for a in page.items], call.request_id, pagination=page.pagination())


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
"""operationId → handler, for the operations whose answers depend on state. Every other operation of
openapi.yaml is served from the spec (`_from_spec`)."""


def _path_order(template: str) -> tuple[int, ...]:
    """Sort key putting literal segments before templated ones, segment by segment: OpenAPI's rule that
    ``/webhooks/event-types`` wins over ``/webhooks/{public_id}`` whatever their order in the document."""
    return tuple(1 if segment.startswith("{") else 0 for segment in template.strip("/").split("/"))


def operations() -> tuple[Operation, ...]:
    """One `Operation` per operation of openapi.yaml, literal paths first; the spec says which need which
    permission, take a body or an Idempotency-Key."""
    result = []
    paths = spec_dict()["paths"]
    for template in sorted(paths, key=_path_order):
        item = paths[template]
        for method, op in item.items():
            if method not in {"get", "post", "patch", "delete", "put"}:
                continue
            handler = _HANDLERS.get(op["operationId"]) or served_from_spec(template, method, op)
            result.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method,
                    template=template,
                    permission=permission_of(op, method),
                    handler=handler,
                    idempotent=is_idempotent(op, item),
                    has_body="requestBody" in op,
                )
            )
    missing = set(_HANDLERS) - {op.operation_id for op in result}
    if missing:
        raise RuntimeError(f"openapi.yaml no longer has operations {sorted(missing)}: drop them from _HANDLERS")
    return tuple(result)
