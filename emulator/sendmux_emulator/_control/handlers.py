"""What each control route does: health, reset, emit an event, list deliveries, move the clock, subscribe a local
receiver (plain http on loopback allowed), list webhooks, unsubscribe, pin a secret, resend a delivery. Each takes the
request, the emulator and the request's id, and answers its reply; `routes` puts them under ``/_emulator/``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from starlette.requests import Request

from .._api.runtime import Emulator
from .._api.validation import reject
from .._delivery.event_bodies import DATA_KEYS, EVENT_TYPES, build_event
from .._delivery.worker import receives
from .._spec.document import load_schema_validator, schema_errors
from .._spec.replies import Issue, Reply, error, success
from .._state.clock import rfc3339
from .._state.webhook_store import Webhook
from .checks import acting_team, invalid, json_object, local_url_problem, secret_problem
from .inspector import secret_tail

__all__ = [
    "clock",
    "deliveries",
    "emit",
    "health",
    "list_webhooks",
    "pin_secret",
    "resend",
    "reset",
    "subscribe",
    "unsubscribe",
]

_EMIT_KEYS = frozenset({"type", "team", "occurred_at", "data"})
_SUBSCRIBE_KEYS = frozenset({"url", "event_types", "name", "team", "secret"})
MAX_CLOCK_STEP = 10 * 365 * 86_400  # ten years: any TTL the emulator keeps, without overflowing dates


async def health(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Liveness, the configuration in effect (team names, not keys), and how many deliveries have attempts to come."""
    config = emulator.config
    settings = {
        "teams": sorted(set(config.teams.values())),
        "webhook_limit": config.webhook_limit,
        "rate_limit": config.rate_limit,
        "time_scale": config.time_scale,
        "signature_v2": config.signature_v2,
        "ca_file": config.ca_file,
        "deliver_anywhere": config.deliver_anywhere,
        "fault_rate": config.fault_rate,
        "fault_kinds": list(config.fault_kinds),
        "fault_seed": config.fault_seed,
    }
    return success(
        {"status": "ok", "config": settings, "pending_deliveries": emulator.deliveries.pending()}, request_id
    )


async def reset(request: Request, emulator: Emulator, request_id: str) -> Reply:
    await emulator.reset()
    return success({"reset": True}, request_id)


async def emit(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Publish one event to every matching subscription of a team, as Sendmux would."""
    body = await json_object(request, request_id)
    if isinstance(body, Reply):
        return body
    await load_schema_validator()  # what judges the event below: the first time, imported off the event loop
    for key in body:
        if key not in _EMIT_KEYS:
            return invalid(request_id, key, "unrecognized_keys", f"unrecognized key {key!r}")
    event_type = body.get("type")
    if event_type is None:
        issue = Issue("type", "invalid_type", "Required")
        return error("missing_parameter", "Missing required parameter: type.", request_id, param="type", issues=[issue])
    if event_type not in EVENT_TYPES:
        issue = Issue("type", "invalid_enum_value", f"must be one of: {', '.join(EVENT_TYPES)}")
        return error("validation_error", "The request failed validation.", request_id, param="type", issues=[issue])
    team = acting_team(request, emulator, body, request_id)
    if isinstance(team, Reply):
        return team
    occurred_at = emulator.clock.now()
    if "occurred_at" in body:
        try:
            parsed = datetime.fromisoformat(str(body["occurred_at"]))
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None or not 1970 <= parsed.year <= 9000:
            return invalid(
                request_id, "occurred_at", "invalid_string", "expected an RFC 3339 timestamp with a zone, 1970-9000"
            )
        occurred_at = parsed.timestamp()
    overrides = body.get("data", {})
    if not isinstance(overrides, dict):
        return invalid(request_id, "data", "invalid_type", "expected object")
    for key in overrides:
        if key not in DATA_KEYS:
            return invalid(request_id, f"data.{key}", "unrecognized_keys", f"unrecognized key {key!r}")
    event = build_event(event_type, team, occurred_at=occurred_at, overrides=overrides)
    rejection = reject(schema_errors("WebhookEventPayload", event))
    if rejection is not None:
        return error("validation_error", rejection.message, request_id, param=rejection.param, issues=rejection.issues)
    targets = [webhook for webhook in emulator.store.newest_first(team) if receives(webhook, event)]
    emulator.deliveries.publish(event, targets)
    return success({"event": event, "webhook_ids": [webhook.id for webhook in targets]}, request_id)


async def deliveries(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Every attempt so far, oldest first, with the exact request sent; filter by webhook, event or team."""
    wanted = {key: request.query_params.get(key) for key in ("webhook_id", "event_id", "team")}
    now = emulator.clock.now()
    rows = []
    for attempt in emulator.attempts.everything():
        record = attempt.record_json(now)
        if all(value is None or record[key] == value for key, value in wanted.items()):
            rows.append(record)
    return success(rows, request_id)


async def clock(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Move the emulator's clock forward, e.g. to let idempotency keys (24 h) or payloads (7 days) expire."""
    body = await json_object(request, request_id)
    if isinstance(body, Reply):
        return body
    seconds = body.get("advance_seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_CLOCK_STEP:
        return invalid(
            request_id, "advance_seconds", "invalid_type", f"expected a number of seconds from 0 to {MAX_CLOCK_STEP}"
        )
    emulator.clock.advance(float(seconds))
    return success({"now": rfc3339(emulator.clock.now())}, request_id)


async def subscribe(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Create a subscription without the API's https rule: a plain-http loopback receiver may subscribe here.
    ``secret`` pins its signing secret (for tests); the answer holds it, as the API's create does."""
    body = await json_object(request, request_id)
    if isinstance(body, Reply):
        return body
    for key in body:
        if key not in _SUBSCRIBE_KEYS:
            return invalid(request_id, key, "unrecognized_keys", f"unrecognized key {key!r}")
    if "url" not in body:
        issue = Issue("url", "invalid_type", "Required")
        return error("missing_parameter", "Missing required parameter: url.", request_id, param="url", issues=[issue])
    problem = local_url_problem(body["url"])
    if problem is not None:
        return invalid(request_id, "url", "invalid_string", problem)
    event_types = body.get("event_types", list(EVENT_TYPES))
    if not isinstance(event_types, list) or not event_types or any(t not in EVENT_TYPES for t in event_types):
        issue = Issue("event_types", "invalid_enum_value", f"expected a non-empty list of: {', '.join(EVENT_TYPES)}")
        return error(
            "validation_error", "The request failed validation.", request_id, param="event_types", issues=[issue]
        )
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        return invalid(request_id, "name", "invalid_type", "expected string or null")
    if "secret" in body and (problem := secret_problem(body["secret"])) is not None:
        return invalid(request_id, "secret", "invalid_string", problem)
    team = acting_team(request, emulator, body, request_id)
    if isinstance(team, Reply):
        return team
    webhook = emulator.store.create(
        team, url=body["url"], event_types=event_types, name=name, mailbox_ids=[], enabled=True
    )
    if "secret" in body:
        webhook.secret = body["secret"]
    return success(webhook.as_json(with_secret=True), request_id, status=201)


def _webhook(request: Request, emulator: Emulator, request_id: str) -> Webhook | Reply:
    webhook = emulator.store.find(request.path_params["webhook_id"])
    if webhook is None:
        return error("not_found", "No such webhook.", request_id, param="webhook_id")
    return webhook


async def unsubscribe(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Delete a subscription of any team, as the API's delete does (pending retries stop)."""
    webhook = _webhook(request, emulator, request_id)
    if isinstance(webhook, Reply):
        return webhook
    emulator.deliveries.stop(webhook.id)
    emulator.attempts.hide_webhook(webhook.id)
    emulator.store.delete(webhook)
    return success({"deleted": True, "id": webhook.id}, request_id)


async def pin_secret(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Set a subscription's signing secret to a known value, so a test can start its receiver before it exists."""
    webhook = _webhook(request, emulator, request_id)
    if isinstance(webhook, Reply):
        return webhook
    body = await json_object(request, request_id)
    if isinstance(body, Reply):
        return body
    problem = secret_problem(body["secret"]) if set(body) == {"secret"} else 'expected exactly {"secret": "whsec_..."}'
    if problem is not None:
        return invalid(request_id, "secret", "invalid_string", problem)
    webhook.secret = body["secret"]
    webhook.touch(emulator.clock.now())
    return success({"id": webhook.id, "secret_last4": secret_tail(webhook.secret)}, request_id)


async def resend(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Deliver an attempt's event again to its subscription, as a new delivery (attempts count from 1, marked as a
    resend). 202 at once; with ``{"wait": true}``, 200 with the first attempt once its answer is in."""
    body = await json_object(request, request_id)
    if isinstance(body, Reply):
        return body
    if set(body) - {"wait"} or not isinstance(body.get("wait", False), bool):
        return invalid(request_id, "wait", "invalid_type", 'expected nothing, or {"wait": true}')
    attempt_id = request.path_params["attempt_id"]
    attempt = next((a for a in emulator.attempts.everything() if a.id == attempt_id), None)
    if attempt is None:
        return error("not_found", "No such delivery attempt.", request_id, param="attempt_id")
    webhook = emulator.store.find(attempt.webhook_id)
    if webhook is None:
        return error("not_found", "That attempt's webhook was deleted.", request_id, param="attempt_id")
    first = emulator.deliveries.resend(attempt.event, webhook)
    if not body.get("wait"):
        return success({"event_id": attempt.event["id"], "webhook_id": webhook.id}, request_id, status=202)
    await asyncio.wait([first])
    if first.cancelled():
        return error("not_found", "The webhook went away before the event was sent again.", request_id)
    return success(first.result().record_json(emulator.clock.now()), request_id)


async def list_webhooks(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """The team's subscriptions (the team as ``subscribe`` picks it), newest first, without their secrets."""
    team = acting_team(request, emulator, {}, request_id)
    if isinstance(team, Reply):
        return team
    return success([webhook.as_json() for webhook in emulator.store.newest_first(team)], request_id)
