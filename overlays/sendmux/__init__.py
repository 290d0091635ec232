"""Typed Python client for the Sendmux webhooks API.

Receiving webhooks loads only what verifying needs; the client, its HTTP stack and the models load the first
time one of their names is used.
"""

from __future__ import annotations

from . import errors
from ._signing import sign_webhook
from ._verify import verify_webhook
from ._version import API_VERSION, __version__
from ._webhook_event import WebhookEvent
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

TYPE_CHECKING = False  # typing itself would cost a receiver's cold start more than this package does
if TYPE_CHECKING:
    from typing import Any

    from . import models
    from ._client import AsyncSendmux, Sendmux
    from ._events import DeliveryPayload
    from ._idempotency import idempotency_key
    from ._pagination import Page
    from ._response import APIResponse

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
    "DeliveryPayload",
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
    "WebhookEvent",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "idempotency_key",
    "models",
    "sign_webhook",
    "verify_webhook",
]

# name -> the module it loads from on first use
_LAZY = {
    "APIResponse": "._response",
    "AsyncSendmux": "._client",
    "DeliveryPayload": "._events",
    "Page": "._pagination",
    "Sendmux": "._client",
    "idempotency_key": "._idempotency",
    "models": ".models",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sendmux' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name], __name__)
    value = module if name == "models" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
