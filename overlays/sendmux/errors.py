"""Everything ``sendmux`` raises: catch :class:`SendmuxError`, :class:`APIError` or, say, ``NotFoundError``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class SendmuxError(Exception):
    """Base of every exception this package raises."""


class APIConnectionError(SendmuxError):
    """The request did not get an HTTP answer (DNS, refused or dropped connection, TLS)."""

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id


class APITimeoutError(APIConnectionError):
    """An attempt did not get its whole answer within ``timeout`` (a slow connection, or a server that trickles)."""


class ResponseTooLargeError(SendmuxError):
    """The answer was larger than the client's ``max_response_size``; the rest was neither read nor inflated."""


class WebhookVerificationError(SendmuxError):
    """A webhook delivery failed verification; ``reason`` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class APIError(SendmuxError):
    """The API answered with an error status.

    ``code`` is the envelope's machine-readable code (``None`` when the body was not the Sendmux error
    envelope, for example a proxy's HTML page); ``body`` is the raw text of the answer.
    """

    status: int | None = None  # the status (and envelope code) each subclass stands for
    error_code: str | None = None

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str,
        retryable: bool | None = None,
        request_id: str | None = None,
        param: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        doc_url: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: str = "",
    ) -> None:
        self.status_code, self.code, self.message, self.retryable = status_code, code, message, retryable
        self.request_id, self.param, self.errors, self.doc_url = request_id, param, errors or [], doc_url
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.body = body
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.status_code} {self.code}: {self.message}" if self.code else f"{self.status_code}: {self.message}"
        notes = [
            f"{d['field']}: {d['message']}" if isinstance(d.get("field"), str) and d["field"] else d["message"]
            for d in self.errors
            if isinstance(d, dict) and isinstance(d.get("message"), str)
        ]  # the first few say what to fix
        if notes:
            text += f" ({'; '.join(notes[:3])}{f'; {len(notes) - 3} more in .errors' if len(notes) > 3 else ''})"
        elif self.param:
            text += f" (param: {self.param})"
        return text + (f" [request_id: {self.request_id}]" if self.request_id else "")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class APIResponseValidationError(APIError):
    """A 2xx answer whose body is not what openapi.yaml promises (``body`` holds it); not retried."""


class BadRequestError(APIError):
    """400: the request is malformed or lacks a required field."""

    status = 400


class AuthenticationError(APIError):
    """401: no API key, or an unknown, revoked or wrong-kind key."""

    status = 401


class PermissionDeniedError(APIError):
    """403: the key lacks the permission the operation needs."""

    status = 403


class NotFoundError(APIError):
    """404: no such resource in this team."""

    status = 404


class ConflictError(APIError):
    """409: the resource's state forbids the action (e.g. a stale ``If-Match``)."""

    status = 409


class IdempotencyConflictError(ConflictError):
    """409 ``idempotency_conflict``: the key was used for another request, or its first use is still running."""

    status = 409
    error_code = "idempotency_conflict"


class LimitExceededError(ConflictError):
    """409 ``limit_exceeded``: the team reached its webhook limit."""

    status = 409
    error_code = "limit_exceeded"


class PayloadTooLargeError(APIError):
    """413: the request body is too large."""

    status = 413


class UnprocessableEntityError(APIError):
    """422: the body parsed but breaks a rule (non-https URL, unknown event type, empty event list)."""

    status = 422


class RateLimitError(APIError):
    """429: over the rate limit. ``retry_after`` is the server's wait in seconds, when it sent one."""

    status = 429

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class InternalServerError(APIError):
    """5xx: the server failed; safe to retry with the same idempotency key."""


class ServiceUnavailableError(InternalServerError):
    """503: a dependency is briefly down."""

    status = 503


__all__ = sorted(name for name, cls in globals().items() if isinstance(cls, type) and issubclass(cls, SendmuxError))
