"""Emulator-only routes under ``/_emulator/``: health, reset, emit an event, inspect deliveries, move the clock.

They need no API key, are never rate limited and never get injected faults. Answers use the API's
envelope (``ok``/``data``/``meta`` or ``ok``/``error``/``meta``).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._clock import rfc3339
from ._delivery import receives
from ._envelope import Issue, Outcome, error, success
from ._events import DATA_KEYS, EVENT_TYPES, build_event
from ._ids import new_id
from ._pipeline import render
from ._runtime import Emulator
from ._spec import schema_errors
from ._validation import reject

__all__ = ["CONTROL_PREFIX", "control_routes", "unknown_control_route"]

CONTROL_PREFIX = "/_emulator"
_EMIT_KEYS = frozenset({"type", "team", "occurred_at", "data"})
MAX_CLOCK_STEP = 10 * 365 * 86_400  # ten years: any TTL the emulator keeps, without overflowing dates

ControlHandler = Callable[[Request, Emulator, str], Awaitable[Outcome]]


def _invalid(request_id: str, field: str, code: str, message: str) -> Outcome:
    issue = Issue(field, code, message)
    return error("invalid_parameter", "Invalid request parameters.", request_id, param=field, issues=[issue])


async def _json_object(request: Request, request_id: str) -> dict[str, Any] | Outcome:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # lone surrogate escapes cannot be sent on
    except (ValueError, RecursionError) as exc:
        return _invalid(request_id, "body", "invalid_json", f"malformed JSON: {exc}")
    if not isinstance(value, dict):
        return _invalid(request_id, "body", "invalid_type", "expected a JSON object")
    return value


async def health(request: Request, emulator: Emulator, request_id: str) -> Outcome:
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


async def reset(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    await emulator.reset()
    return success({"reset": True}, request_id)


async def emit(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Publish one event to every matching subscription of a team, as Sendmux would."""
    body = await _json_object(request, request_id)
    if isinstance(body, Outcome):
        return body
    for key in body:
        if key not in _EMIT_KEYS:
            return _invalid(request_id, key, "unrecognized_keys", f"unrecognized key {key!r}")
    event_type = body.get("type")
    if event_type is None:
        issue = Issue("type", "invalid_type", "Required")
        return error("missing_parameter", "Missing required parameter: type.", request_id, param="type", issues=[issue])
    if event_type not in EVENT_TYPES:
        issue = Issue("type", "invalid_enum_value", f"must be one of: {', '.join(EVENT_TYPES)}")
        return error("validation_error", "The request failed validation.", request_id, param="type", issues=[issue])
    team = body.get("team", emulator.config.teams[emulator.config.default_api_key])
    if not isinstance(team, str):
        return _invalid(request_id, "team", "invalid_type", "expected string")
    if team not in emulator.config.teams.values():
        return error("not_found", f"No configured API key belongs to team {team!r}.", request_id, param="team")
    occurred_at = emulator.clock.now()
    if "occurred_at" in body:
        try:
            parsed = datetime.fromisoformat(str(body["occurred_at"]))
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None or not 1970 <= parsed.year <= 9000:
            return _invalid(
                request_id, "occurred_at", "invalid_string", "expected an RFC 3339 timestamp with a zone, 1970-9000"
            )
        occurred_at = parsed.timestamp()
    overrides = body.get("data", {})
    if not isinstance(overrides, dict):
        return _invalid(request_id, "data", "invalid_type", "expected object")
    for key in overrides:
        if key not in DATA_KEYS:
            return _invalid(request_id, f"data.{key}", "unrecognized_keys", f"unrecognized key {key!r}")
    event = build_event(event_type, team, occurred_at=occurred_at, overrides=overrides)
    rejection = reject(schema_errors("WebhookEventPayload", event))
    if rejection is not None:
        return error("validation_error", rejection.message, request_id, param=rejection.param, issues=rejection.issues)
    targets = [webhook for webhook in emulator.store.newest_first(team) if receives(webhook, event)]
    emulator.deliveries.publish(event, targets)
    return success({"event": event, "webhook_ids": [webhook.id for webhook in targets]}, request_id)


async def deliveries(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Every attempt so far, oldest first, with the exact request sent; filter by webhook, event or team."""
    wanted = {key: request.query_params.get(key) for key in ("webhook_id", "event_id", "team")}
    now = emulator.clock.now()
    rows = []
    for attempt in emulator.attempts.everything():
        record = attempt.record_json(now)
        if all(value is None or record[key] == value for key, value in wanted.items()):
            rows.append(record)
    return success(rows, request_id)


async def clock(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Move the emulator's clock forward, e.g. to let idempotency keys (24 h) or payloads (7 days) expire."""
    body = await _json_object(request, request_id)
    if isinstance(body, Outcome):
        return body
    seconds = body.get("advance_seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_CLOCK_STEP:
        return _invalid(
            request_id, "advance_seconds", "invalid_type", f"expected a number of seconds from 0 to {MAX_CLOCK_STEP}"
        )
    emulator.clock.advance(float(seconds))
    return success({"now": rfc3339(emulator.clock.now())}, request_id)


async def unknown(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    return error("not_found", f"No route {request.method} {request.url.path}.", request_id)


def _endpoint(handler: ControlHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return render(await handler(request, request.app.state.emulator, new_id("req")))

    return endpoint


def control_routes() -> list[Route]:
    return [
        Route(f"{CONTROL_PREFIX}/health", _endpoint(health), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/reset", _endpoint(reset), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/events", _endpoint(emit), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/deliveries", _endpoint(deliveries), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/clock", _endpoint(clock), methods=["POST"]),
    ]


unknown_control_route = _endpoint(unknown)
