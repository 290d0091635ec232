"""Typed Python client for the Sendmux webhooks API."""

from __future__ import annotations

from . import errors, models
from ._client import AsyncSendmux, Sendmux
from ._idempotency import idempotency_key
from ._pagination import Page
from ._response import APIResponse
from ._signing import sign_webhook
from ._version import API_VERSION, __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
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
    SendmuxError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    WebhookVerificationError,
)

__all__ = [
    "API_VERSION",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APITimeoutError",
    "AsyncSendmux",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "IdempotencyConflictError",
    "InternalServerError",
    "LimitExceededError",
    "NotFoundError",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "Sendmux",
    "SendmuxError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "idempotency_key",
    "models",
    "sign_webhook",
]
