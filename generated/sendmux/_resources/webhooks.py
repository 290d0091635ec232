"""``client.webhooks``: Webhook subscriptions, their signing secrets and their delivery attempts.

Generated from openapi.yaml by codegen/resource_layer.py: do not edit. Each operation is a ``_<name>_call``
function that checks its arguments and builds a :class:`~sendmux._core.Call`. The methods of the classes below,
one class per client, send it; their ``with_raw_response`` forms are typed wrappers over those methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, overload
from urllib.parse import quote

from .._core import Call, CallOptions
from .._idempotency import new_idempotency_key
from .._omit import OMIT, Omit
from .._resource import (
    AsyncResource,
    Form,
    ResourceForm,
    SyncResource,
    async_raw_pages,
    async_raw_response,
    raw_pages,
    raw_response,
)

if TYPE_CHECKING:
    from sendmux_client.models import (
        DeliveryResult,
        EventType,
        WebhookDeleted,
        WebhookDeliveryAttempt,
        WebhookDeliveryListResponse,
        WebhookFilters,
        WebhookFiltersInput,
        WebhookListResponse,
        WebhookSubscription,
        WebhookSubscriptionWithSecret,
        WebhookTestResult,
    )

    from .. import DeliveryPayload
    from .._core import TimeoutArg
    from .._pagination import AsyncListIterator, AsyncPage, ListIterator, Page

# The EventType values the spec knows, for editors to complete; any str still passes, so a newer one does too.
EventTypeName = Literal[
    "message.delivered",
    "message.bounced",
    "message.complained",
    "message.rejected",
    "message.delivery_delayed",
    "message.received",
    "message.received.spam",
    "sendmux.test",
]
# The DeliveryResult values the spec knows, for editors to complete; any str still passes, so a newer one does too.
DeliveryResultName = Literal["success", "retrying", "failed", "permanent_failure"]

__all__ = ["AsyncWebhooks", "AsyncWebhooksWithRawResponse", "Webhooks", "WebhooksWithRawResponse"]


def _check_idempotency_key(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) < 1 or len(value) > 255:
        raise ValueError(f"{name} must have at least 1 and at most 255 characters, got {len(value)!r}")
    if not value or not (value.isascii() and value.isprintable()) or value != value.strip():
        raise ValueError(f"{name} must be printable ASCII without surrounding spaces (it is sent as a header)")
    return value


def _check_url(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) > 2048:
        raise ValueError(f"{name} must have at most 2048 characters, got {len(value)!r}")
    if not value.startswith("https://"):
        raise ValueError(
            f"{name} must start with https://, got {value!r} (a receiver on your machine gets deliveries through `sendmux-webhooks listen --forward-to URL`, or, on the local emulator, `sendmux-emulator subscribe URL`)"
        )
    return str.__str__(value)


def _check_event_types_item(value: Any, name: str) -> str:
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not text:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(text)


def _check_event_types(value: Any, name: str) -> list[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list such as ['message.bounced', 'message.received'], got {value!r}")
    items = [_check_event_types_item(item, f"{name}[{index}]") for index, item in enumerate(value)]
    if len(items) < 1:
        raise ValueError(f"{name} must not be empty")
    return items


def _check_name_or_none(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    if len(value) < 1 or len(value) > 255:
        raise ValueError(f"{name} must have at least 1 and at most 255 characters, got {len(value)!r}")
    return str.__str__(value)


def _check_filters_mailbox_ids_item(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) < 1:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(value)


def _check_filters_mailbox_ids(value: Any, name: str) -> list[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list, got {value!r}")
    items = [_check_filters_mailbox_ids_item(item, f"{name}[{index}]") for index, item in enumerate(value)]
    return items


def _check_filters_or_none(value: Any, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if type(value).__name__ in ("WebhookFiltersInput", "WebhookFilters") and callable(getattr(value, "to_dict", None)):
        # what a model read from an answer holds; keys a newer server added are not this request's
        value = {key: item for key, item in value.to_dict().items() if key in ("mailbox_ids",)}
    elif not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be WebhookFiltersInput or WebhookFilters or a dict with the keys ['mailbox_ids'], got {value!r}"
        )
    unknown = sorted(set(value) - {"mailbox_ids"})
    if unknown:
        raise ValueError(f"{name} has unknown keys {unknown}; its keys are ['mailbox_ids']")
    missing = [key for key in ("mailbox_ids",) if key not in value]
    if missing:
        raise ValueError(f"{name} needs the keys {missing}")
    checked: dict[str, Any] = {}
    if "mailbox_ids" in value:
        checked["mailbox_ids"] = _check_filters_mailbox_ids(value["mailbox_ids"], f"{name}['mailbox_ids']")
    return checked


def _check_enabled_or_none(value: Any, name: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False or None, got {type(value).__name__}")
    return value


def _check_cursor(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) < 1:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(value)


def _check_limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1 or value > 100:
        raise ValueError(f"{name} must be at least 1 and at most 100, got {value!r}")
    return value


def _check_webhook_id(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) < 1:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(value)


def _check_if_none_match(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value or not (value.isascii() and value.isprintable()) or value != value.strip():
        raise ValueError(f"{name} must be printable ASCII without surrounding spaces (it is sent as a header)")
    return value


def _check_if_match(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value or not (value.isascii() and value.isprintable()) or value != value.strip():
        raise ValueError(f"{name} must be printable ASCII without surrounding spaces (it is sent as a header)")
    return value


def _check_filters(value: Any, name: str) -> dict[str, Any]:
    if type(value).__name__ in ("WebhookFiltersInput", "WebhookFilters") and callable(getattr(value, "to_dict", None)):
        # what a model read from an answer holds; keys a newer server added are not this request's
        value = {key: item for key, item in value.to_dict().items() if key in ("mailbox_ids",)}
    elif not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be WebhookFiltersInput or WebhookFilters or a dict with the keys ['mailbox_ids'], got {value!r}"
        )
    unknown = sorted(set(value) - {"mailbox_ids"})
    if unknown:
        raise ValueError(f"{name} has unknown keys {unknown}; its keys are ['mailbox_ids']")
    missing = [key for key in ("mailbox_ids",) if key not in value]
    if missing:
        raise ValueError(f"{name} needs the keys {missing}")
    checked: dict[str, Any] = {}
    if "mailbox_ids" in value:
        checked["mailbox_ids"] = _check_filters_mailbox_ids(value["mailbox_ids"], f"{name}['mailbox_ids']")
    return checked


def _check_enabled(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return value


def _check_event_type(value: Any, name: str) -> str:
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not text:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(text)


def _check_result(value: Any, name: str) -> str:
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not text:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(text)


def _check_delivery_id(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) < 1:
        raise ValueError(f"{name} must not be empty")
    return str.__str__(value)


def _parse_webhook_with_secret_response(document: Any) -> WebhookSubscriptionWithSecret:
    from ..models import WebhookWithSecretResponse

    return WebhookWithSecretResponse.from_dict(document).data


def _parse_webhook_list_response(document: Any) -> WebhookListResponse:
    from ..models import WebhookListResponse

    return WebhookListResponse.from_dict(document)


def _parse_webhook_response(document: Any) -> WebhookSubscription:
    from ..models import WebhookResponse

    return WebhookResponse.from_dict(document).data


def _parse_webhook_deleted_response(document: Any) -> WebhookDeleted:
    from ..models import WebhookDeletedResponse

    return WebhookDeletedResponse.from_dict(document).data


def _parse_webhook_test_response(document: Any) -> WebhookTestResult:
    from ..models import WebhookTestResponse

    return WebhookTestResponse.from_dict(document).data


def _parse_webhook_delivery_list_response(document: Any) -> WebhookDeliveryListResponse:
    from ..models import WebhookDeliveryListResponse

    return WebhookDeliveryListResponse.from_dict(document)


def _parse_webhook_delivery_payload_response_as_delivery_payload(document: Any) -> DeliveryPayload:
    from .. import DeliveryPayload
    from ..models import WebhookDeliveryPayloadResponse

    return DeliveryPayload.adopt(WebhookDeliveryPayloadResponse.from_dict(document).data)


def _delete_gone(webhook_id: str) -> WebhookDeleted:
    """What a retried DELETE returns when it finds the resource already gone (x-sendmux-on-gone)."""
    from sendmux_client.models import WebhookDeleted

    return WebhookDeleted.from_dict({"deleted": True, "id": webhook_id})


def _create_call(
    url: str,
    event_types: Iterable[EventType | EventTypeName | str],
    name: str | None,
    filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | None,
    enabled: bool | None,
    idempotency_key: str | None,
    per_call: CallOptions,
) -> Call[WebhookSubscriptionWithSecret]:
    """createWebhook: POST /webhooks"""
    json: dict[str, Any] = {}
    json["url"] = _check_url(url, "url")
    json["event_types"] = _check_event_types(event_types, "event_types")
    if name is not None:
        json["name"] = _check_name_or_none(name, "name")
    if filters is not None:
        json["filters"] = _check_filters_or_none(filters, "filters")
    if enabled is not None:
        json["enabled"] = _check_enabled_or_none(enabled, "enabled")
    headers: dict[str, str | None] = {
        "Idempotency-Key": new_idempotency_key()
        if idempotency_key is None
        else _check_idempotency_key(idempotency_key, "idempotency_key"),
    }
    return Call.build("POST", "/webhooks", _parse_webhook_with_secret_response, per_call, json=json, headers=headers)


def _list_call(cursor: str | None, limit: int | None, per_call: CallOptions) -> Call[WebhookListResponse]:
    """listWebhooks: GET /webhooks"""
    params: dict[str, Any] = {}
    if cursor is not None:
        params["cursor"] = _check_cursor(cursor, "cursor")
    if limit is not None:
        params["limit"] = _check_limit(limit, "limit")
    return Call.build("GET", "/webhooks", _parse_webhook_list_response, per_call, params=params)


def _get_call(webhook_id: str, if_none_match: str | None, per_call: CallOptions) -> Call[WebhookSubscription | None]:
    """getWebhook: GET /webhooks/{public_id}"""
    headers: dict[str, str | None] = {
        "If-None-Match": None if if_none_match is None else _check_if_none_match(if_none_match, "if_none_match"),
    }
    return Call.build(
        "GET",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}",
        _parse_webhook_response,
        per_call,
        headers=headers,
        on_not_modified=None if if_none_match is None else lambda: None,
    )


def _update_call(
    webhook_id: str,
    url: str | Omit,
    event_types: Iterable[EventType | EventTypeName | str] | Omit,
    name: str | None | Omit,
    filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | Omit,
    enabled: bool | Omit,
    if_match: str | None,
    per_call: CallOptions,
) -> Call[WebhookSubscription]:
    """updateWebhook: PATCH /webhooks/{public_id}"""
    json: dict[str, Any] = {}
    if not isinstance(url, Omit):
        json["url"] = _check_url(url, "url")
    if not isinstance(event_types, Omit):
        json["event_types"] = _check_event_types(event_types, "event_types")
    if not isinstance(name, Omit):
        json["name"] = _check_name_or_none(name, "name")
    if not isinstance(filters, Omit):
        json["filters"] = _check_filters(filters, "filters")
    if not isinstance(enabled, Omit):
        json["enabled"] = _check_enabled(enabled, "enabled")
    headers: dict[str, str | None] = {
        "If-Match": None if if_match is None else _check_if_match(if_match, "if_match"),
    }
    return Call.build(
        "PATCH",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}",
        _parse_webhook_response,
        per_call,
        json=json,
        headers=headers,
        recheck=None if if_match is None else _get_call(webhook_id, None, per_call.for_read()),
    )


def _delete_call(webhook_id: str, per_call: CallOptions) -> Call[WebhookDeleted]:
    """deleteWebhook: DELETE /webhooks/{public_id}"""
    return Call.build(
        "DELETE",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}",
        _parse_webhook_deleted_response,
        per_call,
        on_gone=lambda: _delete_gone(webhook_id),
    )


def _rotate_secret_call(
    webhook_id: str, idempotency_key: str | None, per_call: CallOptions
) -> Call[WebhookSubscriptionWithSecret]:
    """rotateWebhookSecret: POST /webhooks/{public_id}/rotate-secret"""
    headers: dict[str, str | None] = {
        "Idempotency-Key": new_idempotency_key()
        if idempotency_key is None
        else _check_idempotency_key(idempotency_key, "idempotency_key"),
    }
    return Call.build(
        "POST",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}/rotate-secret",
        _parse_webhook_with_secret_response,
        per_call,
        headers=headers,
    )


def _send_test_call(webhook_id: str, idempotency_key: str | None, per_call: CallOptions) -> Call[WebhookTestResult]:
    """testWebhook: POST /webhooks/{public_id}/test"""
    headers: dict[str, str | None] = {
        "Idempotency-Key": new_idempotency_key()
        if idempotency_key is None
        else _check_idempotency_key(idempotency_key, "idempotency_key"),
    }
    return Call.build(
        "POST",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}/test",
        _parse_webhook_test_response,
        per_call,
        headers=headers,
    )


def _list_deliveries_call(
    webhook_id: str,
    cursor: str | None,
    limit: int | None,
    event_type: EventType | EventTypeName | str | None,
    result: DeliveryResult | DeliveryResultName | str | None,
    per_call: CallOptions,
) -> Call[WebhookDeliveryListResponse]:
    """listWebhookDeliveries: GET /webhooks/{public_id}/deliveries"""
    params: dict[str, Any] = {}
    if cursor is not None:
        params["cursor"] = _check_cursor(cursor, "cursor")
    if limit is not None:
        params["limit"] = _check_limit(limit, "limit")
    if event_type is not None:
        params["event_type"] = _check_event_type(event_type, "event_type")
    if result is not None:
        params["result"] = _check_result(result, "result")
    return Call.build(
        "GET",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}/deliveries",
        _parse_webhook_delivery_list_response,
        per_call,
        params=params,
    )


def _get_delivery_payload_call(webhook_id: str, delivery_id: str, per_call: CallOptions) -> Call[DeliveryPayload]:
    """getWebhookDeliveryPayload: GET /webhooks/{public_id}/deliveries/{delivery_id}/payload"""
    return Call.build(
        "GET",
        f"/webhooks/{quote(_check_webhook_id(webhook_id, 'webhook_id'), safe='')}/deliveries/{quote(_check_delivery_id(delivery_id, 'delivery_id'), safe='')}/payload",
        _parse_webhook_delivery_payload_response_as_delivery_payload,
        per_call,
    )


class Webhooks(SyncResource):
    """Webhook subscriptions, their signing secrets and their delivery attempts.

    Each method returns the answer's ``data``. ``with_raw_response`` has the same methods returning the whole answer. Errors raise
    :mod:`sendmux.errors` classes; retries are described on :class:`~sendmux.Sendmux`.

    Every method also takes these per-call options:

    - ``timeout``: seconds (or an ``httpx.Timeout``) for this call instead of the client's;
    - ``extra_headers``: more headers to send with this call;
    - ``extra_query``: more query parameters, for what this SDK does not know yet (not one the call sets);
    - ``extra_body``: more JSON body fields, for what this SDK does not know yet (not one the call sets);
    - ``max_retries``: retries for this call instead of the client's.
    """

    @cached_property
    def with_raw_response(self) -> WebhooksWithRawResponse:
        """The same methods, each returning the whole answer."""
        return WebhooksWithRawResponse(Webhooks(self._client, Form.RAW))

    def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | EventTypeName | str],
        name: str | None = None,
        filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """Create a webhook subscription.

        Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
        secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

        When the team already has as many webhooks as its limit allows, the answer is 409
        `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
        with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
        checked against existing mailboxes.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            url: Endpoint that receives deliveries. Must use https. Choice: at most 2048 characters, and no
                user name or password (`https://user:password@...`): receivers authenticate a delivery by its
                signature, and credentials in the URL would be stored, shown to every key that may read
                webhooks and sent with each delivery. Such a URL is 422 `validation_error` naming `url`, and
                the answer does not repeat it.
            event_types: At least one event type; the list replaces any previous one.
            name: Label shown in the dashboard; without one the dashboard shows the URL's host.
            filters: Scope of inbound events. An empty list means every mailbox of the team. Replaces the
                whole scope.
            enabled: Whether events are delivered.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 409, 413, 422, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_create_call(url, event_types, name, filters, enabled, idempotency_key, per_call))

    def list(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> ListIterator[WebhookSubscription]:
        """List webhook subscriptions.

        Every item, page by page: a page is requested only when iteration reaches it. The arguments are checked
        at this call. ``cursor`` starts from a stored cursor; the iterator's ``.cursor`` is where to resume later.

        Newest first (by `created_at`), paginated with an opaque cursor. Secrets are never included.
        Needs `webhook.read`.

        Args:
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.

        Errors: 400, 401, 403, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._items(_list_call(cursor, limit, per_call))

    def list_page(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> Page[WebhookSubscription]:
        """List webhook subscriptions.

        One page; pass its ``next_cursor`` as ``cursor`` for the next one.

        Newest first (by `created_at`), paginated with an opaque cursor. Secrets are never included.
        Needs `webhook.read`.

        Args:
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.

        Errors: 400, 401, 403, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._page(_list_call(cursor, limit, per_call))

    @overload
    def get(
        self,
        webhook_id: str,
        *,
        if_none_match: None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription: ...

    @overload
    def get(
        self,
        webhook_id: str,
        *,
        if_none_match: str,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription | None: ...

    def get(
        self,
        webhook_id: str,
        *,
        if_none_match: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription | None:
        """Get a webhook subscription.

        Answers with a weak `ETag`. Sending that value back in `If-None-Match` gives 304 with no body
        while the subscription is unchanged. Needs `webhook.read`.

        With ``if_none_match``, an unchanged resource answers 304 and the result is ``None``.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            if_none_match: An `ETag` from an earlier answer; 304 if it still matches.

        Errors: 304, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_get_call(webhook_id, if_none_match, per_call))

    def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | EventTypeName | str] | Omit = OMIT,
        name: str | None | Omit = OMIT,
        filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription:
        """Update a webhook subscription.

        Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
        never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
        URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
        `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
        Needs `webhook.update`.

        With ``if_match``, a 409 on a retry after an attempt that may have applied (its answer was
        lost) leads to a read of the resource (retried like any call): if it holds every field sent, the call
        returns it, otherwise it raises ``ConflictError`` as usual.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            url: Endpoint that receives deliveries. Must use https. Choice: at most 2048 characters, and no
                user name or password (`https://user:password@...`): receivers authenticate a delivery by its
                signature, and credentials in the URL would be stored, shown to every key that may read
                webhooks and sent with each delivery. Such a URL is 422 `validation_error` naming `url`, and
                the answer does not repeat it. Left out, it stays as it is.
            event_types: At least one event type; the list replaces any previous one. Left out, it stays as it
                is.
            name: New label, or `null` to clear it. Left out, it stays as it is; ``None`` clears it.
            filters: Scope of inbound events. An empty list means every mailbox of the team. Replaces the
                whole scope. Left out, it stays as it is.
            enabled: false stops deliveries; a false-to-true change also clears `failing`. Left out, it stays
                as it is.
            if_match: The `ETag` the caller last saw; the update only applies if it is still current.

        Errors: 400, 401, 403, 404, 409, 413, 422, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_update_call(webhook_id, url, event_types, name, filters, enabled, if_match, per_call))

    def delete(
        self,
        webhook_id: str,
        *,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookDeleted:
        """Delete a webhook subscription.

        Permanent. Retries still pending for it are dropped and its delivery history is no longer
        readable (404). A second delete of the same id is 404 `not_found`. Needs `webhook.delete`.

        If an attempt may have succeeded without its answer arriving and the retry then finds the resource
        gone (404 ``not_found``), the call succeeds.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.

        Errors: 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_delete_call(webhook_id, per_call))

    def rotate_secret(
        self,
        webhook_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """Rotate the signing secret.

        Mints a new secret and answers with it once. The old secret stops signing at once: the next
        delivery attempt, including retries of earlier events (choice), is signed with the new one.
        Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
        Needs `webhook.manage`.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 404, 409, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_rotate_secret_call(webhook_id, idempotency_key, per_call))

    def send_test(
        self,
        webhook_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookTestResult:
        """Send a synthetic test event.

        Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
        The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
        the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
        and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
        accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 404, 409, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_send_test_call(webhook_id, idempotency_key, per_call))

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        event_type: EventType | EventTypeName | str | None = None,
        result: DeliveryResult | DeliveryResultName | str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> ListIterator[WebhookDeliveryAttempt]:
        """List delivery attempts.

        Every item, page by page: a page is requested only when iteration reaches it. The arguments are checked
        at this call. ``cursor`` starts from a stored cursor; the iterator's ``.cursor`` is where to resume later.

        One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

        Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
        answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
        the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
        attempt failed in a way that is never retried (the subscription was deleted or disabled while
        retries were pending, or the target is not allowed).

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.
            event_type: Only attempts for this event type.
            result: Only attempts with this outcome.

        Errors: 400, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._items(_list_deliveries_call(webhook_id, cursor, limit, event_type, result, per_call))

    def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        event_type: EventType | EventTypeName | str | None = None,
        result: DeliveryResult | DeliveryResultName | str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> Page[WebhookDeliveryAttempt]:
        """List delivery attempts.

        One page; pass its ``next_cursor`` as ``cursor`` for the next one.

        One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

        Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
        answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
        the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
        attempt failed in a way that is never retried (the subscription was deleted or disabled while
        retries were pending, or the target is not allowed).

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.
            event_type: Only attempts for this event type.
            result: Only attempts with this outcome.

        Errors: 400, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._page(_list_deliveries_call(webhook_id, cursor, limit, event_type, result, per_call))

    def get_delivery_payload(
        self,
        webhook_id: str,
        delivery_id: str,
        *,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> DeliveryPayload:
        """Get the body a delivery attempt sent.

        The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
        signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
        the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            delivery_id: The `whda_…` id of a delivery attempt.

        Errors: 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._send(_get_delivery_payload_call(webhook_id, delivery_id, per_call))


class AsyncWebhooks(AsyncResource):
    """Webhook subscriptions, their signing secrets and their delivery attempts.

    Each method returns the answer's ``data`` and is awaitable; list methods return async
    iterators. ``with_raw_response`` has the same methods returning the whole answer. Errors raise
    :mod:`sendmux.errors` classes; retries are described on :class:`~sendmux.AsyncSendmux`.

    Every method also takes these per-call options:

    - ``timeout``: seconds (or an ``httpx.Timeout``) for this call instead of the client's;
    - ``extra_headers``: more headers to send with this call;
    - ``extra_query``: more query parameters, for what this SDK does not know yet (not one the call sets);
    - ``extra_body``: more JSON body fields, for what this SDK does not know yet (not one the call sets);
    - ``max_retries``: retries for this call instead of the client's.
    """

    @cached_property
    def with_raw_response(self) -> AsyncWebhooksWithRawResponse:
        """The same methods, each returning the whole answer."""
        return AsyncWebhooksWithRawResponse(AsyncWebhooks(self._client, Form.RAW))

    async def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | EventTypeName | str],
        name: str | None = None,
        filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """Create a webhook subscription.

        Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
        secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

        When the team already has as many webhooks as its limit allows, the answer is 409
        `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
        with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
        checked against existing mailboxes.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            url: Endpoint that receives deliveries. Must use https. Choice: at most 2048 characters, and no
                user name or password (`https://user:password@...`): receivers authenticate a delivery by its
                signature, and credentials in the URL would be stored, shown to every key that may read
                webhooks and sent with each delivery. Such a URL is 422 `validation_error` naming `url`, and
                the answer does not repeat it.
            event_types: At least one event type; the list replaces any previous one.
            name: Label shown in the dashboard; without one the dashboard shows the URL's host.
            filters: Scope of inbound events. An empty list means every mailbox of the team. Replaces the
                whole scope.
            enabled: Whether events are delivered.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 409, 413, 422, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_create_call(url, event_types, name, filters, enabled, idempotency_key, per_call))

    def list(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> AsyncListIterator[WebhookSubscription]:
        """List webhook subscriptions.

        Every item, page by page: a page is requested only when iteration reaches it. The arguments are checked
        at this call. ``cursor`` starts from a stored cursor; the iterator's ``.cursor`` is where to resume later.

        Newest first (by `created_at`), paginated with an opaque cursor. Secrets are never included.
        Needs `webhook.read`.

        Args:
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.

        Errors: 400, 401, 403, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._items(_list_call(cursor, limit, per_call))

    async def list_page(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> AsyncPage[WebhookSubscription]:
        """List webhook subscriptions.

        One page; pass its ``next_cursor`` as ``cursor`` for the next one.

        Newest first (by `created_at`), paginated with an opaque cursor. Secrets are never included.
        Needs `webhook.read`.

        Args:
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.

        Errors: 400, 401, 403, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._page(_list_call(cursor, limit, per_call))

    @overload
    async def get(
        self,
        webhook_id: str,
        *,
        if_none_match: None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription: ...

    @overload
    async def get(
        self,
        webhook_id: str,
        *,
        if_none_match: str,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription | None: ...

    async def get(
        self,
        webhook_id: str,
        *,
        if_none_match: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription | None:
        """Get a webhook subscription.

        Answers with a weak `ETag`. Sending that value back in `If-None-Match` gives 304 with no body
        while the subscription is unchanged. Needs `webhook.read`.

        With ``if_none_match``, an unchanged resource answers 304 and the result is ``None``.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            if_none_match: An `ETag` from an earlier answer; 304 if it still matches.

        Errors: 304, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_get_call(webhook_id, if_none_match, per_call))

    async def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | EventTypeName | str] | Omit = OMIT,
        name: str | None | Omit = OMIT,
        filters: WebhookFiltersInput | WebhookFilters | Mapping[str, Any] | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscription:
        """Update a webhook subscription.

        Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
        never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
        URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
        `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
        Needs `webhook.update`.

        With ``if_match``, a 409 on a retry after an attempt that may have applied (its answer was
        lost) leads to a read of the resource (retried like any call): if it holds every field sent, the call
        returns it, otherwise it raises ``ConflictError`` as usual.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            url: Endpoint that receives deliveries. Must use https. Choice: at most 2048 characters, and no
                user name or password (`https://user:password@...`): receivers authenticate a delivery by its
                signature, and credentials in the URL would be stored, shown to every key that may read
                webhooks and sent with each delivery. Such a URL is 422 `validation_error` naming `url`, and
                the answer does not repeat it. Left out, it stays as it is.
            event_types: At least one event type; the list replaces any previous one. Left out, it stays as it
                is.
            name: New label, or `null` to clear it. Left out, it stays as it is; ``None`` clears it.
            filters: Scope of inbound events. An empty list means every mailbox of the team. Replaces the
                whole scope. Left out, it stays as it is.
            enabled: false stops deliveries; a false-to-true change also clears `failing`. Left out, it stays
                as it is.
            if_match: The `ETag` the caller last saw; the update only applies if it is still current.

        Errors: 400, 401, 403, 404, 409, 413, 422, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_update_call(webhook_id, url, event_types, name, filters, enabled, if_match, per_call))

    async def delete(
        self,
        webhook_id: str,
        *,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookDeleted:
        """Delete a webhook subscription.

        Permanent. Retries still pending for it are dropped and its delivery history is no longer
        readable (404). A second delete of the same id is 404 `not_found`. Needs `webhook.delete`.

        If an attempt may have succeeded without its answer arriving and the retry then finds the resource
        gone (404 ``not_found``), the call succeeds.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.

        Errors: 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_delete_call(webhook_id, per_call))

    async def rotate_secret(
        self,
        webhook_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """Rotate the signing secret.

        Mints a new secret and answers with it once. The old secret stops signing at once: the next
        delivery attempt, including retries of earlier events (choice), is signed with the new one.
        Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
        Needs `webhook.manage`.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 404, 409, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_rotate_secret_call(webhook_id, idempotency_key, per_call))

    async def send_test(
        self,
        webhook_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> WebhookTestResult:
        """Send a synthetic test event.

        Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
        The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
        the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
        and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
        accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

        An ``Idempotency-Key`` is always sent: ``idempotency_key``, or a fresh one for this call, the same on
        every retry of it.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            idempotency_key: Makes the call safe to retry. The same key with the same request within 24 hours
                returns the original answer; with a different request (or on another
                subscription) it is 409 `idempotency_conflict`, as is a key whose first request
                is still running.

        Errors: 400, 401, 403, 404, 409, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_send_test_call(webhook_id, idempotency_key, per_call))

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        event_type: EventType | EventTypeName | str | None = None,
        result: DeliveryResult | DeliveryResultName | str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> AsyncListIterator[WebhookDeliveryAttempt]:
        """List delivery attempts.

        Every item, page by page: a page is requested only when iteration reaches it. The arguments are checked
        at this call. ``cursor`` starts from a stored cursor; the iterator's ``.cursor`` is where to resume later.

        One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

        Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
        answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
        the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
        attempt failed in a way that is never retried (the subscription was deleted or disabled while
        retries were pending, or the target is not allowed).

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.
            event_type: Only attempts for this event type.
            result: Only attempts with this outcome.

        Errors: 400, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return self._items(_list_deliveries_call(webhook_id, cursor, limit, event_type, result, per_call))

    async def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        event_type: EventType | EventTypeName | str | None = None,
        result: DeliveryResult | DeliveryResultName | str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> AsyncPage[WebhookDeliveryAttempt]:
        """List delivery attempts.

        One page; pass its ``next_cursor`` as ``cursor`` for the next one.

        One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

        Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
        answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
        the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
        attempt failed in a way that is never retried (the subscription was deleted or disabled while
        retries were pending, or the target is not allowed).

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            cursor: The `next_cursor` of the previous page. Opaque; an unknown value is 400
                `invalid_parameter`.
            limit: Page size.
            event_type: Only attempts for this event type.
            result: Only attempts with this outcome.

        Errors: 400, 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._page(_list_deliveries_call(webhook_id, cursor, limit, event_type, result, per_call))

    async def get_delivery_payload(
        self,
        webhook_id: str,
        delivery_id: str,
        *,
        timeout: TimeoutArg | Omit = OMIT,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
    ) -> DeliveryPayload:
        """Get the body a delivery attempt sent.

        The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
        signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
        the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

        Args:
            webhook_id: The `whk_…` id of a webhook subscription.
            delivery_id: The `whda_…` id of a delivery attempt.

        Errors: 401, 403, 404, 429, 500, 503 answers raise the :mod:`sendmux.errors` class of their
        status.
        """
        per_call = CallOptions(timeout, extra_headers, extra_query, extra_body, max_retries)
        return await self._send(_get_delivery_payload_call(webhook_id, delivery_id, per_call))


class WebhooksWithRawResponse(ResourceForm):
    """The methods of :class:`Webhooks`, each returning the whole answer: an :class:`~sendmux.APIResponse` whose
    ``.data`` is what the method returns, with ``.status_code``, ``.headers``, ``.request_id`` and ``.etag``. The
    list methods iterate each page's answer instead of the items."""

    create = raw_response(Webhooks.create)
    list = raw_pages(Webhooks.list)
    list_page = raw_response(Webhooks.list_page)
    get = raw_response(Webhooks.get)
    update = raw_response(Webhooks.update)
    delete = raw_response(Webhooks.delete)
    rotate_secret = raw_response(Webhooks.rotate_secret)
    send_test = raw_response(Webhooks.send_test)
    list_deliveries = raw_pages(Webhooks.list_deliveries)
    list_deliveries_page = raw_response(Webhooks.list_deliveries_page)
    get_delivery_payload = raw_response(Webhooks.get_delivery_payload)


class AsyncWebhooksWithRawResponse(ResourceForm):
    """The methods of :class:`AsyncWebhooks`, each returning the whole answer: an :class:`~sendmux.APIResponse` whose
    ``.data`` is what the method returns, with ``.status_code``, ``.headers``, ``.request_id`` and ``.etag``. The
    list methods iterate each page's answer instead of the items."""

    create = async_raw_response(AsyncWebhooks.create)
    list = async_raw_pages(AsyncWebhooks.list)
    list_page = async_raw_response(AsyncWebhooks.list_page)
    get = async_raw_response(AsyncWebhooks.get)
    update = async_raw_response(AsyncWebhooks.update)
    delete = async_raw_response(AsyncWebhooks.delete)
    rotate_secret = async_raw_response(AsyncWebhooks.rotate_secret)
    send_test = async_raw_response(AsyncWebhooks.send_test)
    list_deliveries = async_raw_pages(AsyncWebhooks.list_deliveries)
    list_deliveries_page = async_raw_response(AsyncWebhooks.list_deliveries_page)
    get_delivery_payload = async_raw_response(AsyncWebhooks.get_delivery_payload)
