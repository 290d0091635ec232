"""The API's data models: the generated ``sendmux_client.models`` classes, re-exported.

Import them from here (``from sendmux.models import WebhookSubscription, EventType``); they load on first use, so
``import sendmux`` stays cheap. Generated from openapi.yaml by codegen/resource_layer.py: do not edit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendmux_client.models import (
        ApiError,
        ApiErrorDetail,
        ApiErrorInfo,
        BounceType,
        CursorPagination,
        DeliveryResult,
        ErrorCode,
        EventType,
        MessageIdKind,
        ResponseMeta,
        WebhookCreateBody,
        WebhookDeleted,
        WebhookDeletedResponse,
        WebhookDeliveryAttempt,
        WebhookDeliveryListResponse,
        WebhookDeliveryPayload,
        WebhookDeliveryPayloadResponse,
        WebhookEventData,
        WebhookEventPayload,
        WebhookFilters,
        WebhookFiltersInput,
        WebhookListResponse,
        WebhookResponse,
        WebhookSubscription,
        WebhookSubscriptionWithSecret,
        WebhookTestResponse,
        WebhookTestResult,
        WebhookUpdateBody,
        WebhookWithSecretResponse,
    )

__all__ = [
    "ApiError",
    "ApiErrorDetail",
    "ApiErrorInfo",
    "BounceType",
    "CursorPagination",
    "DeliveryResult",
    "ErrorCode",
    "EventType",
    "MessageIdKind",
    "ResponseMeta",
    "WebhookCreateBody",
    "WebhookDeleted",
    "WebhookDeletedResponse",
    "WebhookDeliveryAttempt",
    "WebhookDeliveryListResponse",
    "WebhookDeliveryPayload",
    "WebhookDeliveryPayloadResponse",
    "WebhookEventData",
    "WebhookEventPayload",
    "WebhookFilters",
    "WebhookFiltersInput",
    "WebhookListResponse",
    "WebhookResponse",
    "WebhookSubscription",
    "WebhookSubscriptionWithSecret",
    "WebhookTestResponse",
    "WebhookTestResult",
    "WebhookUpdateBody",
    "WebhookWithSecretResponse",
]


# Properties marked x-sendmux-secret in openapi.yaml: shown redacted in repr() and str(), readable as attributes.
_SECRETS = {"WebhookSubscriptionWithSecret": ["secret"]}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'sendmux.models' has no attribute {name!r}")
    module = importlib.import_module("sendmux_client.models")
    if not hasattr(module, "_sendmux_redacted"):
        from ._secrets import redact

        for model, fields in _SECRETS.items():
            redact(getattr(module, model), fields)
        module._sendmux_redacted = True  # type: ignore[attr-defined]
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
