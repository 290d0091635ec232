"""Reading answers: the ``data`` of a success envelope, and the typed error for any other answer.

Error answers are classified here rather than by the generated parser (which calls ``response.json()`` on
every documented error status): the status picks the class, the error envelope fills in the details when
the body is one, and anything else (a proxy's HTML page, an empty or cut-off body) keeps its raw text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ._retry import parse_retry_after
from .errors import (
    APIError,
    APIResponseValidationError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IdempotencyConflictError,
    InternalServerError,
    LimitExceededError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnprocessableEntityError,
)

T = TypeVar("T")

_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}
_CONFLICT_BY_CODE: dict[str, type[APIError]] = {
    "idempotency_conflict": IdempotencyConflictError,
    "limit_exceeded": LimitExceededError,
}


def error_class(status_code: int, code: str | None) -> type[APIError]:
    """The most specific class for a status and envelope code; an unknown code gets its status's class."""
    if status_code == 409 and code in _CONFLICT_BY_CODE:
        return _CONFLICT_BY_CODE[code]
    cls = _BY_STATUS.get(status_code)
    if cls is not None:
        return cls
    return InternalServerError if status_code >= 500 else APIError


def error_from_response(response: httpx.Response) -> APIError:
    """The typed error for an answer that is not a success; never raises on a malformed body."""
    status = response.status_code
    headers = response.headers
    body = response.text
    info = _error_info(response.content)
    fields: dict[str, Any] = {"status_code": status, "headers": headers, "body": body}
    if info is None:
        reason = response.reason_phrase or "HTTP error"
        fields["code"] = None
        fields["message"] = f"{reason} (the body is not a Sendmux error envelope)" if body else f"{reason} (empty body)"
        fields["request_id"] = headers.get("x-request-id")
    else:
        error, meta = info
        fields["code"] = _str_or_none(error.get("code"))
        fields["message"] = _str_or_none(error.get("message")) or response.reason_phrase or "HTTP error"
        retryable = error.get("retryable")
        fields["retryable"] = retryable if isinstance(retryable, bool) else None
        fields["param"] = _str_or_none(error.get("param"))
        fields["doc_url"] = _str_or_none(error.get("doc_url"))
        details = error.get("errors")
        fields["errors"] = [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []
        fields["request_id"] = _str_or_none(meta.get("request_id")) or headers.get("x-request-id")
    cls = error_class(status, fields["code"])
    if cls is RateLimitError:
        return RateLimitError(retry_after=parse_retry_after(headers.get("retry-after")), **fields)
    return cls(**fields)


def parse_data(response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Run a generated envelope parser over a success body; a body that does not fit raises
    :class:`~sendmux.errors.APIResponseValidationError` instead of ``KeyError``/``JSONDecodeError``."""
    try:
        return parse(json.loads(response.content))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise APIResponseValidationError(
            status_code=response.status_code,
            code=None,
            message=f"the {response.status_code} answer does not match the API's schema ({type(exc).__name__}: {exc})",
            request_id=response.headers.get("x-request-id"),
            headers=response.headers,
            body=response.text,
        ) from exc


def _error_info(content: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(error, meta)`` of an error envelope, read leniently (older servers omit ``retryable``), or ``None``."""
    if not content:
        return None
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError, absurdly deep nesting
        return None
    if not isinstance(document, dict):
        return None
    error = document.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return None
    meta = document.get("meta")
    return error, meta if isinstance(meta, dict) else {}


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
