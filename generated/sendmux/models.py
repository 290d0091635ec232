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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'sendmux.models' has no attribute {name!r}")
    value = getattr(importlib.import_module("sendmux_client.models"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
