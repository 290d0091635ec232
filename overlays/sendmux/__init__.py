"""Typed Python client for the Sendmux webhooks API."""

from __future__ import annotations

import os as _os
import sys as _sys
from typing import TYPE_CHECKING, Any

# The package is written in two folders: overlays/sendmux (handwritten) and generated/sendmux (written from
# openapi.yaml by `make generate`). A built wheel holds both in one folder. In a checkout, the other `sendmux`
# folders on sys.path join this package, so `sendmux._resources` and `sendmux.models` are the generated files.
if not _os.path.isdir(_os.path.join(__path__[0], "_resources")):
    __path__ += [p for e in _sys.path if _os.path.isdir(p := _os.path.join(e or ".", __name__)) and p not in __path__]

from . import errors, models
from ._client import AsyncSendmux, Sendmux
from ._idempotency import idempotency_key
from ._pagination import Page
from ._response import APIResponse
from ._signing import sign_webhook
from ._verify import verify_webhook
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
    ResponseTooLargeError,
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
    "DeliveryPayload",
    "IdempotencyConflictError",
    "InternalServerError",
    "LimitExceededError",
    "NotFoundError",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
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

if TYPE_CHECKING:
    from ._events import DeliveryPayload, WebhookEvent


def __getattr__(name: str) -> Any:
    # These subclass generated models, so they load on first use and `import sendmux` stays cheap.
    if name in ("DeliveryPayload", "WebhookEvent"):
        from . import _events

        return getattr(_events, name)
    raise AttributeError(f"module 'sendmux' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
