"""Reading answers: the ``data`` of a success envelope, and the typed error for any other answer (the status picks
its class, the envelope fills in the details; a body that is no envelope, a proxy's HTML say, keeps its text)."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import httpx

from ._response import request_id_of
from ._retry import parse_retry_after
from .errors import APIError, APIResponseValidationError, InternalServerError, RateLimitError

T = TypeVar("T")


class Reads(Enum):
    """How a success body reaches a call's parser. ``STREAM`` leaves it unread, for its reader
    (:mod:`sendmux._binary`, :mod:`sendmux._event_stream`) to read and close."""

    JSON = "json"  # the parsed JSON
    OPTIONAL_JSON = "optional json"  # the parsed JSON, or None for an empty body (a 2xx that may have none)
    TEXT = "text"  # the decoded text
    BYTES = "bytes"  # the httpx.Response, read in full
    STREAM = "stream"  # the httpx.Response, unread


def error_class(status_code: int, code: str | None) -> type[APIError]:
    """The most specific class for a status and envelope code; an unknown code gets its status's class."""
    found, pending = APIError, list(APIError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.status == status_code and cls.error_code in (None, code) and found.error_code is None:
            found = cls
    return InternalServerError if found is APIError and status_code >= 500 else found


def error_from_response(response: httpx.Response, asked: str | None = None) -> APIError:
    """The typed error for an answer that is not a success; never raises on a malformed body. ``asked``: the path a
    404 was for, so that its message names the id."""
    status, headers, body = response.status_code, response.headers, response.text
    error, meta = _error_info(response.content)
    reason = response.reason_phrase or "HTTP error"
    if error is None:
        message = f"{reason} (the body is not a Sendmux error envelope)" if body else f"{reason} (empty body)"
    details = error.get("errors") if error is not None else None
    fields: dict[str, Any] = {
        "status_code": status,
        "headers": headers,
        "body": body,
        "code": _text(error, "code"),
        "message": (message if error is None else _text(error, "message") or reason) + (f" ({asked})" if asked else ""),
        "retryable": error.get("retryable") if error is not None and isinstance(error.get("retryable"), bool) else None,
        "param": _text(error, "param"),
        "doc_url": _text(error, "doc_url"),
        "errors": [d for d in details if isinstance(d, dict)] if isinstance(details, list) else [],
        "request_id": _text(meta, "request_id") or headers.get("x-request-id"),
    }
    cls = error_class(status, fields["code"])
    if cls is RateLimitError:
        return RateLimitError(retry_after=parse_retry_after(headers.get("retry-after")), **fields)
    return cls(**fields)


def parse_data(response: httpx.Response, parse: Callable[[Any], T], reads: Reads = Reads.JSON) -> T:
    """Run a generated parser over a success body, read as ``reads`` says; a body that does not fit raises
    :class:`~sendmux.errors.APIResponseValidationError` instead of ``KeyError``/``ValueError``."""
    try:
        if reads is Reads.JSON or (reads is Reads.OPTIONAL_JSON and response.content):
            return parse(json.loads(response.content))
        return parse(None if reads is Reads.OPTIONAL_JSON else response.text if reads is Reads.TEXT else response)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        schema = f"does not match the API's schema ({type(exc).__name__}: {exc})"
        raise invalid_answer(response, f"the {response.status_code} answer {schema}") from exc


def invalid_answer(response: httpx.Response, message: str) -> APIResponseValidationError:
    """The error for a success answer (read in full) that the client cannot use: ``message`` says why."""
    return APIResponseValidationError(
        status_code=response.status_code,
        code=None,
        message=message,
        request_id=request_id_of(response),
        headers=response.headers,
        body=response.text,
    )


def _error_info(content: bytes) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """``(error, meta)`` of an error envelope, read leniently (older servers omit ``retryable``)."""
    try:
        document = json.loads(content) if content else None
    except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError, absurdly deep nesting
        return None, None
    error = document.get("error") if isinstance(document, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return None, None
    meta = document.get("meta") if isinstance(document, dict) else None
    return error, meta if isinstance(meta, dict) else None


def _text(source: dict[str, Any] | None, key: str) -> str | None:
    value = source.get(key) if source is not None else None
    return value if isinstance(value, str) else None
