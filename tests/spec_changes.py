"""A spec change a maintainer makes for a new API version, for the tests that run the loop on it.

API 1.1 here: a new optional request and response field `retry_policy` (a component enum, open in answers),
a stateless operation `GET /webhooks/event-types`, and a stateless idempotent
`POST /webhooks/{public_id}/deliveries/{delivery_id}/retry` answering 202. Written the way openapi.yaml is
written (component schemas), so today's generator takes it.
"""

from __future__ import annotations

import copy
from typing import Any

Spec = dict[str, Any]

_STANDARD_ERRORS = ("401", "403", "429", "500", "503")


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _headers() -> dict[str, Any]:
    names = ("X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
    return {name: _ref("headers", name) for name in names}


def _errors(*statuses: str) -> dict[str, Any]:
    names = {
        "401": "Unauthorized",
        "403": "Forbidden",
        "404": "NotFound",
        "409": "Conflict",
        "400": "BadRequest",
        "429": "TooManyRequests",
        "500": "InternalError",
        "503": "ServiceUnavailable",
    }
    return {status: _ref("responses", names[status]) for status in statuses}


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["ok", "data", "meta"],
        "properties": {"ok": {"const": True}, "data": data, "meta": _ref("schemas", "ResponseMeta")},
    }


def event_types_path() -> dict[str, Any]:
    """`GET /webhooks/event-types`: every event type a subscription can list. No state, no handler."""
    return {
        "get": {
            "operationId": "listWebhookEventTypes",
            "tags": ["webhooks"],
            "summary": "List the event types",
            "description": "Every event type a subscription can name. Needs `webhook.read`.",
            "responses": {
                "200": {
                    "description": "The event types.",
                    "headers": _headers(),
                    "content": {
                        "application/json": {"schema": _ref("schemas", "WebhookEventTypeListResponse")},
                    },
                },
                **_errors(*_STANDARD_ERRORS),
            },
        }
    }


def retry_path() -> dict[str, Any]:
    """`POST .../deliveries/{delivery_id}/retry`: queue a new attempt, 202. Served from the spec."""
    return {
        "parameters": [
            _ref("parameters", "PublicId"),
            {
                "name": "delivery_id",
                "in": "path",
                "required": True,
                "description": "The `whda_…` id of a delivery attempt.",
                "schema": {"type": "string", "minLength": 1},
                "example": "whda_cl9x2b7k40000qzrmn1c4d5f0",
            },
        ],
        "post": {
            "operationId": "retryWebhookDelivery",
            "tags": ["webhooks"],
            "summary": "Retry a delivery",
            "description": "Queues a new attempt of the delivery's event. Needs `webhook.manage`.",
            "parameters": [_ref("parameters", "IdempotencyKey")],
            "x-sendmux-unprovokable": {"400": "its only 400 is an over-long Idempotency-Key, which the client refuses"},
            "responses": {
                "202": {
                    "description": "The new attempt is queued.",
                    "headers": _headers(),
                    "content": {
                        "application/json": {
                            "schema": _ref("schemas", "WebhookRetryResponse"),
                            "example": {
                                "ok": True,
                                "data": {"attempt_id": "whda_cl9x2b7k40000qzrmn1c4d5f9", "status": "queued"},
                                "meta": {"request_id": "req_cl9x2b7k40000qzrmn1c4d5e7"},
                            },
                        }
                    },
                },
                **_errors("400", "401", "403", "404", "409", "429", "500", "503"),
            },
        },
    }


def raised(version: str, part: int = 1) -> str:
    """``version`` with its ``part`` (0: major, 1: minor) up by one and the parts after it zero: a new version's
    number follows the spec it is made from, never a fixed one (which a spec already past it would go down to)."""
    numbers = [int(n) for n in str(version).split(".")[:3]]
    numbers[part] += 1
    return ".".join(str(n if i <= part else 0) for i, n in enumerate(numbers))


def api_1_1(spec: Spec, *, literal_path_last: bool = False, with_retry: bool = True) -> Spec:
    """``spec`` with the 1.1 changes. ``literal_path_last`` declares `/webhooks/event-types` after every
    templated path (which `make lint-spec` warns about, and the emulator must route right anyway)."""
    spec = copy.deepcopy(spec)
    spec["info"]["version"] = raised(spec["info"]["version"])
    schemas = spec["components"]["schemas"]
    schemas["RetryPolicy"] = {
        "type": "string",
        "description": "How failed deliveries are retried.",
        "enum": ["exponential", "linear"],
        "examples": ["linear"],
    }
    schemas["AnyRetryPolicy"] = {
        "description": "A `RetryPolicy`, or a newer one this document does not know yet.",
        "anyOf": [_ref("schemas", "RetryPolicy"), {"type": "string"}],
        "examples": ["exponential"],
    }
    schemas["WebhookCreateBody"]["properties"]["retry_policy"] = _ref("schemas", "RetryPolicy")
    schemas["WebhookUpdateBody"]["properties"]["retry_policy"] = _ref("schemas", "RetryPolicy")
    schemas["WebhookSubscription"]["properties"]["retry_policy"] = _ref("schemas", "AnyRetryPolicy")
    schemas["WebhookEventTypes"] = {
        "type": "object",
        "required": ["event_types"],
        "properties": {"event_types": {"type": "array", "items": _ref("schemas", "AnyEventType")}},
    }
    schemas["WebhookEventTypeListResponse"] = _envelope(_ref("schemas", "WebhookEventTypes"))
    schemas["WebhookRetryQueued"] = {
        "type": "object",
        "required": ["attempt_id", "status"],
        "properties": {"attempt_id": {"type": "string"}, "status": {"type": "string"}},
    }
    schemas["WebhookRetryResponse"] = _envelope(_ref("schemas", "WebhookRetryQueued"))
    paths = spec["paths"]
    if literal_path_last:
        paths["/webhooks/event-types"] = event_types_path()
    else:
        spec["paths"] = paths = {"/webhooks/event-types": event_types_path(), **paths}
    if with_retry:
        paths["/webhooks/{public_id}/deliveries/{delivery_id}/retry"] = retry_path()
    return spec
