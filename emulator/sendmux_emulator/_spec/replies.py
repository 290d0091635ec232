"""The JSON envelope every answer uses, and the error vocabulary with its statuses."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ERROR_STATUS", "Issue", "Reply", "dump_json", "error", "success"]

ERROR_STATUS: dict[str, int] = {
    "invalid_parameter": 400,
    "missing_parameter": 400,
    "authentication_required": 401,
    "insufficient_permissions": 403,
    "not_found": 404,
    "conflict": 409,
    "limit_exceeded": 409,
    "idempotency_conflict": 409,
    "payload_too_large": 413,
    "validation_error": 422,
    "rate_limit_exceeded": 429,
    "internal_error": 500,
    "service_unavailable": 503,
}
_RETRYABLE = frozenset({"rate_limit_exceeded", "internal_error", "service_unavailable"})
DOC_URL = "https://sendmux.ai/docs/api/errors#"


@dataclass(frozen=True)
class Issue:
    """One validation problem: dot path of the field, validator code, human message."""

    field: str
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass
class Reply:
    """A finished answer before the per-response headers are added; what idempotency stores and replays."""

    status: int
    body: Any  # JSON (an envelope, or whatever the spec documents); None for no body or a text one
    request_id: str
    headers: dict[str, str] = field(default_factory=dict)
    text: str | None = None  # a non-JSON answer's body (served from the spec), sent as `media_type`
    media_type: str | None = None


def dump_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, the form every body is sent in."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def success(
    data: Any,
    request_id: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    pagination: dict[str, Any] | None = None,
) -> Reply:
    body: dict[str, Any] = {"ok": True, "data": data}
    if pagination is not None:
        body["pagination"] = pagination
    body["meta"] = {"request_id": request_id}
    return Reply(status, body, request_id, dict(headers or {}))


def error(
    code: str,
    message: str,
    request_id: str,
    *,
    param: str | None = None,
    issues: list[Issue] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    info: dict[str, Any] = {"code": code, "message": message, "retryable": code in _RETRYABLE}
    if param is not None:
        info["param"] = param
    info["doc_url"] = DOC_URL + code
    if issues:
        info["errors"] = [issue.as_json() for issue in issues]
    body = {"ok": False, "error": info, "meta": {"request_id": request_id}}
    return Reply(ERROR_STATUS[code], body, request_id, dict(headers or {}))
