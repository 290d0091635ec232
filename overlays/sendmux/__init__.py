"""Typed Python client for the Sendmux webhooks API."""

from __future__ import annotations

from . import errors
from ._signing import sign_webhook
from .errors import (
    APIConnectionError,
    APIError,
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

__version__ = "1.0.0"

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "IdempotencyConflictError",
    "InternalServerError",
    "LimitExceededError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "SendmuxError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "sign_webhook",
]
