"""Emulator-only routes under ``/_emulator/``: health, reset, emit an event, inspect deliveries, move the clock,
subscribe a local receiver (plain http on loopback allowed), list webhooks, pin a secret, resend a delivery.

They need no API key (unless the emulator binds beyond loopback: then they need its control token), are never
rate limited and never get injected faults. Those that change state take only ``application/json`` and refuse a
request from a page of another origin; bodies are read up to the API's 64 KiB. Answers use the API's envelope
(``ok``/``data``/``meta`` or ``ok``/``error``/``meta``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .._api.auth import bearer_token
from .._api.pipeline import MAX_BODY_BYTES, render
from .._api.runtime import Emulator
from .._api.validation import reject
from .._delivery.event_bodies import DATA_KEYS, EVENT_TYPES, build_event
from .._delivery.targets import refusal
from .._delivery.worker import receives
from .._serve.local_only import CONTROL_TOKEN_HEADER, token_accepted
from .._spec.document import BASE_PATH, schema_errors
from .._spec.replies import Issue, Outcome, error, success
from .._state.clock import rfc3339
from .._state.ids import new_id
from .._state.webhook_store import Webhook
from .inspector import inspector_page, inspector_state, secret_tail

__all__ = ["CONTROL_PREFIX", "control_routes", "unknown_control_route"]

CONTROL_PREFIX = "/_emulator"
_EMIT_KEYS = frozenset({"type", "team", "occurred_at", "data"})
_SUBSCRIBE_KEYS = frozenset({"url", "event_types", "name", "team", "secret"})
MAX_URL_LENGTH = 2048
MIN_SECRET_LENGTH = 8
MAX_CLOCK_STEP = 10 * 365 * 86_400  # ten years: any TTL the emulator keeps, without overflowing dates

ControlHandler = Callable[[Request, Emulator, str], Awaitable[Outcome]]


def _invalid(request_id: str, field: str, code: str, message: str) -> Outcome:
    issue = Issue(field, code, message)
    return error("invalid_parameter", "Invalid request parameters.", request_id, param=field, issues=[issue])


async def _json_object(request: Request, request_id: str) -> dict[str, Any] | Outcome:
    """The body as a JSON object, read up to the API's 64 KiB (413 past it, known from Content-Length or found
    while reading: nothing more is read)."""
    too_large = error("payload_too_large", f"Request body is larger than {MAX_BODY_BYTES} bytes.", request_id)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return too_large
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            return too_large
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


def _team(request: Request, emulator: Emulator, body: dict[str, Any], request_id: str) -> str | Outcome:
    """The team a control request acts for: ``team`` in the body, else the team of the ``Authorization: Bearer``
    key when one is sent (so ``sendmux-webhooks trigger`` and ``listen`` act for ``SENDMUX_API_KEY``'s team), else the
    team of the first ``--api-key``."""
    teams = emulator.config.teams
    if "team" in body:
        team = body["team"]
        if not isinstance(team, str):
            return _invalid(request_id, "team", "invalid_type", "expected string")
        if team not in teams.values():
            return error("not_found", f"No configured API key belongs to team {team!r}.", request_id, param="team")
        return team
    key = bearer_token(request.headers.get("authorization"))
    if key is not None:
        if key not in teams:
            return error("authentication_required", "The API key is invalid, expired or revoked.", request_id)
        return teams[key]
    return teams[emulator.config.default_api_key]


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
    team = _team(request, emulator, body, request_id)
    if isinstance(team, Outcome):
        return team
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


def _local_url_problem(url: object) -> str | None:
    """Why ``url`` cannot be a control-route subscription: https anywhere (as the API), or plain http on a loopback
    host only (the emulator-only allowance for local receivers), absolute, without credentials."""
    if not isinstance(url, str) or not url:
        return "expected a non-empty string"
    if len(url) > MAX_URL_LENGTH:
        return f"at most {MAX_URL_LENGTH} characters"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "expected an absolute http:// or https:// URL"
    if parts.username is not None or parts.password is not None:
        return "a URL with a user name or password is refused"
    if parts.scheme == "http" and refusal(url, deliver_anywhere=False) is not None:
        return "http:// only on a loopback host (localhost, 127.0.0.0/8, ::1); use https:// elsewhere"
    return None


def _secret_problem(secret: object) -> str | None:
    if not isinstance(secret, str) or not secret.startswith("whsec_") or len(secret) < MIN_SECRET_LENGTH:
        return f"expected a string starting with 'whsec_', at least {MIN_SECRET_LENGTH} characters"
    if not secret.isascii() or not secret.isprintable() or secret.strip() != secret:
        return "expected printable ASCII without spaces around it"
    return None


async def subscribe(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Create a subscription without the API's https rule: a plain-http loopback receiver may subscribe here.
    ``secret`` pins its signing secret (for tests); the answer holds it, as the API's create does."""
    body = await _json_object(request, request_id)
    if isinstance(body, Outcome):
        return body
    for key in body:
        if key not in _SUBSCRIBE_KEYS:
            return _invalid(request_id, key, "unrecognized_keys", f"unrecognized key {key!r}")
    if "url" not in body:
        issue = Issue("url", "invalid_type", "Required")
        return error("missing_parameter", "Missing required parameter: url.", request_id, param="url", issues=[issue])
    problem = _local_url_problem(body["url"])
    if problem is not None:
        return _invalid(request_id, "url", "invalid_string", problem)
    event_types = body.get("event_types", list(EVENT_TYPES))
    if not isinstance(event_types, list) or not event_types or any(t not in EVENT_TYPES for t in event_types):
        issue = Issue("event_types", "invalid_enum_value", f"expected a non-empty list of: {', '.join(EVENT_TYPES)}")
        return error(
            "validation_error", "The request failed validation.", request_id, param="event_types", issues=[issue]
        )
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        return _invalid(request_id, "name", "invalid_type", "expected string or null")
    if "secret" in body and (problem := _secret_problem(body["secret"])) is not None:
        return _invalid(request_id, "secret", "invalid_string", problem)
    team = _team(request, emulator, body, request_id)
    if isinstance(team, Outcome):
        return team
    webhook = emulator.store.create(
        team, url=body["url"], event_types=event_types, name=name, mailbox_ids=[], enabled=True
    )
    if "secret" in body:
        webhook.secret = body["secret"]
    return success(webhook.as_json(with_secret=True), request_id, status=201)


def _webhook(request: Request, emulator: Emulator, request_id: str) -> Webhook | Outcome:
    webhook = emulator.store.find(request.path_params["webhook_id"])
    if webhook is None:
        return error("not_found", "No such webhook.", request_id, param="webhook_id")
    return webhook


async def unsubscribe(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Delete a subscription of any team, as the API's delete does (pending retries stop)."""
    webhook = _webhook(request, emulator, request_id)
    if isinstance(webhook, Outcome):
        return webhook
    emulator.deliveries.stop(webhook.id)
    emulator.attempts.hide_webhook(webhook.id)
    emulator.store.delete(webhook)
    return success({"deleted": True, "id": webhook.id}, request_id)


async def pin_secret(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Set a subscription's signing secret to a known value, so a test can start its receiver before it exists."""
    webhook = _webhook(request, emulator, request_id)
    if isinstance(webhook, Outcome):
        return webhook
    body = await _json_object(request, request_id)
    if isinstance(body, Outcome):
        return body
    problem = _secret_problem(body["secret"]) if set(body) == {"secret"} else 'expected exactly {"secret": "whsec_..."}'
    if problem is not None:
        return _invalid(request_id, "secret", "invalid_string", problem)
    webhook.secret = body["secret"]
    webhook.touch(emulator.clock.now())
    return success({"id": webhook.id, "secret_last4": secret_tail(webhook.secret)}, request_id)


async def resend(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """Deliver an attempt's event again to its subscription, as a new delivery (attempts count from 1, marked as a
    resend). 202 at once; with ``{"wait": true}``, 200 with the first attempt once its answer is in."""
    body = await _json_object(request, request_id)
    if isinstance(body, Outcome):
        return body
    if set(body) - {"wait"} or not isinstance(body.get("wait", False), bool):
        return _invalid(request_id, "wait", "invalid_type", 'expected nothing, or {"wait": true}')
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


async def list_webhooks(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    """The team's subscriptions (the team as ``subscribe`` picks it), newest first, without their secrets."""
    team = _team(request, emulator, {}, request_id)
    if isinstance(team, Outcome):
        return team
    return success([webhook.as_json() for webhook in emulator.store.newest_first(team)], request_id)


async def unknown(request: Request, emulator: Emulator, request_id: str) -> Outcome:
    message = f"No route {request.method} {request.url.path}."
    if not request.url.path.startswith(CONTROL_PREFIX + "/"):  # an API path without its prefix
        root = str(request.base_url).rstrip("/")
        message += f" The API is under {BASE_PATH}: use the base URL {root}{BASE_PATH}."
    return error("not_found", message, request_id)


def _foreign(request: Request, request_id: str) -> Outcome | None:
    """Why a request that changes state is refused: sent by a web page of another origin, or without a JSON body
    (which a page cannot send to another origin without the browser asking first, and nobody saying yes)."""
    if request.method not in ("POST", "PUT", "DELETE"):
        return None
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is not None and origin.lower() != own.lower():
        message = f"A page of another origin ({origin}) may not change this emulator; use its inspector at {own}."
        return error("insufficient_permissions", message, request_id)
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if request.method != "DELETE" and media_type != "application/json":
        issue = Issue("Content-Type", "invalid_string", "expected application/json (even for an empty body)")
        message = "Control routes that change state take Content-Type: application/json."
        return error("invalid_parameter", message, request_id, param="Content-Type", issues=[issue])
    return None


def _endpoint(handler: ControlHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        emulator: Emulator = request.app.state.emulator
        request_id = new_id("req")
        if not token_accepted(request, emulator.config.control_token):
            message = f"This emulator listens beyond loopback: send its control token ({CONTROL_TOKEN_HEADER})."
            return render(error("authentication_required", message, request_id))
        refusal = _foreign(request, request_id)
        try:
            return render(refusal or await handler(request, emulator, request_id))
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more

    return endpoint


def control_routes() -> list[Route]:
    return [
        Route(f"{CONTROL_PREFIX}/health", _endpoint(health), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/reset", _endpoint(reset), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/events", _endpoint(emit), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/deliveries", _endpoint(deliveries), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/clock", _endpoint(clock), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/webhooks", _endpoint(subscribe), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/webhooks", _endpoint(list_webhooks), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/webhooks/{{webhook_id}}", _endpoint(unsubscribe), methods=["DELETE"]),
        Route(f"{CONTROL_PREFIX}/webhooks/{{webhook_id}}/secret", _endpoint(pin_secret), methods=["PUT"]),
        Route(f"{CONTROL_PREFIX}/deliveries/{{attempt_id}}/resend", _endpoint(resend), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/state", _endpoint(inspector_state), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/", inspector_page, methods=["GET"]),
    ]


unknown_control_route = _endpoint(unknown)
