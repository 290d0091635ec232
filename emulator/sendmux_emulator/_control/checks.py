"""What the control routes check of a request before they act on it: a body that is one JSON object within the
API's 64 KiB, the team it acts for, a receiver's URL, a secret to pin, and, for a request that changes state, that
no page of another origin sent it and that it says it is JSON. Each answers the reply that refuses the request, or
what it read."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request

from .._api.auth import bearer_token
from .._api.pipeline import MAX_BODY_BYTES
from .._api.runtime import Emulator
from .._delivery.targets import refusal
from .._spec.replies import Issue, Reply, error

__all__ = [
    "MAX_URL_LENGTH",
    "MIN_SECRET_LENGTH",
    "acting_team",
    "foreign_or_not_json",
    "invalid",
    "json_object",
    "local_url_problem",
    "secret_problem",
]

MAX_URL_LENGTH = 2048
MIN_SECRET_LENGTH = 8


def invalid(request_id: str, field: str, code: str, message: str) -> Reply:
    issue = Issue(field, code, message)
    return error("invalid_parameter", "Invalid request parameters.", request_id, param=field, issues=[issue])


async def json_object(request: Request, request_id: str) -> dict[str, Any] | Reply:
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
        return invalid(request_id, "body", "invalid_json", f"malformed JSON: {exc}")
    if not isinstance(value, dict):
        return invalid(request_id, "body", "invalid_type", "expected a JSON object")
    return value


def acting_team(request: Request, emulator: Emulator, body: dict[str, Any], request_id: str) -> str | Reply:
    """The team a control request acts for: ``team`` in the body, else the team of the ``Authorization: Bearer``
    key when one is sent (so ``sendmux-webhooks trigger`` and ``listen`` act for ``SENDMUX_API_KEY``'s team), else the
    team of the first ``--api-key``."""
    teams = emulator.config.teams
    if "team" in body:
        team = body["team"]
        if not isinstance(team, str):
            return invalid(request_id, "team", "invalid_type", "expected string")
        if team not in teams.values():
            return error("not_found", f"No configured API key belongs to team {team!r}.", request_id, param="team")
        return team
    key = bearer_token(request.headers.get("authorization"))
    if key is not None:
        if key not in teams:
            return error("authentication_required", "The API key is invalid, expired or revoked.", request_id)
        return teams[key]
    return teams[emulator.config.default_api_key]


def local_url_problem(url: object) -> str | None:
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


def secret_problem(secret: object) -> str | None:
    if not isinstance(secret, str) or not secret.startswith("whsec_") or len(secret) < MIN_SECRET_LENGTH:
        return f"expected a string starting with 'whsec_', at least {MIN_SECRET_LENGTH} characters"
    if not secret.isascii() or not secret.isprintable() or secret.strip() != secret:
        return "expected printable ASCII without spaces around it"
    return None


def foreign_or_not_json(request: Request, request_id: str) -> Reply | None:
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
