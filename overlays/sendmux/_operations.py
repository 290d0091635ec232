"""Each API operation as a ready-to-send :class:`Call`: arguments checked, request built by the generated code.

The request (method, path, query, JSON body, operation headers) always comes from the generated
``sendmux_client.api.webhooks.<operation>._get_kwargs`` and success bodies are parsed by the generated
envelope models; this module only converts friendly arguments (plain strings, dicts) into the generated
models and applies the checks the spec states (https URL, at least one event type, name length, non-empty
ids). The generated modules are imported on first use, which keeps ``import sendmux`` cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ._idempotency import checked_idempotency_key
from ._omit import Omit
from ._pagination import Page

if TYPE_CHECKING:
    from sendmux_client.models import (
        CursorPagination,
        DeliveryResult,
        EventType,
        WebhookDeleted,
        WebhookDeliveryAttempt,
        WebhookFilters,
        WebhookFiltersInput,
        WebhookSubscription,
        WebhookSubscriptionWithSecret,
        WebhookTestResult,
    )
    from sendmux_client.types import Unset

    from ._events import DeliveryPayload

    FiltersArg = WebhookFiltersInput | WebhookFilters | Mapping[str, Any]

T = TypeVar("T", covariant=True)

MAX_NAME_LENGTH = 255


class Call(Generic[T]):
    """One operation to send: the generated request kwargs plus how to read its success answer.

    ``on_not_modified``: a 304 is a success whose data this returns. ``on_gone``: for DELETE, the data to
    return when a retry finds the resource already gone (an earlier attempt deleted it).
    """

    __slots__ = ("headers", "json", "method", "on_gone", "on_not_modified", "params", "parse", "path")

    def __init__(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], T],
        *,
        on_not_modified: Callable[[], T] | None = None,
        on_gone: Callable[[], T] | None = None,
    ) -> None:
        self.method: str = kwargs["method"].upper()
        self.path: str = kwargs["url"]
        self.params: dict[str, Any] | None = kwargs.get("params")
        self.json: Any = kwargs.get("json")
        self.headers: dict[str, str] = kwargs.get("headers") or {}
        self.parse = parse
        self.on_not_modified = on_not_modified
        self.on_gone = on_gone


def create_webhook(
    *,
    url: str,
    event_types: Iterable[EventType | str],
    name: str | None,
    filters: FiltersArg | None,
    enabled: bool | None,
    idempotency_key: str | None,
) -> Call[WebhookSubscriptionWithSecret]:
    from sendmux_client.api.webhooks import create_webhook as op
    from sendmux_client.models.webhook_create_body import WebhookCreateBody
    from sendmux_client.models.webhook_with_secret_response import WebhookWithSecretResponse
    from sendmux_client.types import UNSET

    body = WebhookCreateBody(
        url=_https_url(url),
        event_types=_event_types(event_types),
        name=UNSET if name is None else _name(name),
        filters=UNSET if filters is None else _filters(filters),
        enabled=UNSET if enabled is None else _bool(enabled, "enabled"),
    )
    kwargs = op._get_kwargs(body=body, idempotency_key=checked_idempotency_key(idempotency_key))
    return Call(kwargs, lambda doc: WebhookWithSecretResponse.from_dict(doc).data)


def list_webhooks(*, cursor: str | None, limit: int | None) -> Call[Page[WebhookSubscription]]:
    from sendmux_client.api.webhooks import list_webhooks as op
    from sendmux_client.models.webhook_list_response import WebhookListResponse
    from sendmux_client.types import UNSET

    kwargs = op._get_kwargs(cursor=UNSET if cursor is None else cursor, limit=_limit(limit))

    return Call(kwargs, lambda doc: _page(WebhookListResponse.from_dict(doc)))


def get_webhook(webhook_id: str) -> Call[WebhookSubscription]:
    from sendmux_client.api.webhooks import get_webhook as op
    from sendmux_client.models.webhook_response import WebhookResponse

    kwargs = op._get_kwargs(_id(webhook_id, "webhook_id"))
    return Call(kwargs, lambda doc: WebhookResponse.from_dict(doc).data)


def get_webhook_if_none_match(webhook_id: str, if_none_match: str) -> Call[WebhookSubscription | None]:
    from sendmux_client.api.webhooks import get_webhook as op
    from sendmux_client.models.webhook_response import WebhookResponse

    kwargs = op._get_kwargs(_id(webhook_id, "webhook_id"), if_none_match=_etag(if_none_match, "if_none_match"))
    return Call(kwargs, lambda doc: WebhookResponse.from_dict(doc).data, on_not_modified=lambda: None)


def update_webhook(
    webhook_id: str,
    *,
    url: str | Omit,
    event_types: Iterable[EventType | str] | Omit,
    name: str | Omit | None,
    filters: FiltersArg | Omit,
    enabled: bool | Omit,
    if_match: str | None,
) -> Call[WebhookSubscription]:
    from sendmux_client.api.webhooks import update_webhook as op
    from sendmux_client.models.webhook_response import WebhookResponse
    from sendmux_client.models.webhook_update_body import WebhookUpdateBody
    from sendmux_client.types import UNSET

    body = WebhookUpdateBody(
        url=UNSET if isinstance(url, Omit) else _https_url(url),
        event_types=UNSET if isinstance(event_types, Omit) else _event_types(event_types),
        name=UNSET if isinstance(name, Omit) else None if name is None else _name(name),
        filters=UNSET if isinstance(filters, Omit) else _filters(filters),
        enabled=UNSET if isinstance(enabled, Omit) else _bool(enabled, "enabled"),
    )
    kwargs = op._get_kwargs(
        _id(webhook_id, "webhook_id"), body=body, if_match=UNSET if if_match is None else _etag(if_match, "if_match")
    )
    return Call(kwargs, lambda doc: WebhookResponse.from_dict(doc).data)


def delete_webhook(webhook_id: str) -> Call[WebhookDeleted]:
    from sendmux_client.api.webhooks import delete_webhook as op
    from sendmux_client.models.webhook_deleted import WebhookDeleted
    from sendmux_client.models.webhook_deleted_response import WebhookDeletedResponse

    webhook_id = _id(webhook_id, "webhook_id")
    return Call(
        op._get_kwargs(webhook_id),
        lambda doc: WebhookDeletedResponse.from_dict(doc).data,
        on_gone=lambda: WebhookDeleted(deleted=True, id=webhook_id),
    )


def rotate_webhook_secret(webhook_id: str, *, idempotency_key: str | None) -> Call[WebhookSubscriptionWithSecret]:
    from sendmux_client.api.webhooks import rotate_webhook_secret as op
    from sendmux_client.models.webhook_with_secret_response import WebhookWithSecretResponse

    kwargs = op._get_kwargs(_id(webhook_id, "webhook_id"), idempotency_key=checked_idempotency_key(idempotency_key))
    return Call(kwargs, lambda doc: WebhookWithSecretResponse.from_dict(doc).data)


def test_webhook(webhook_id: str, *, idempotency_key: str | None) -> Call[WebhookTestResult]:
    from sendmux_client.api.webhooks import test_webhook as op
    from sendmux_client.models.webhook_test_response import WebhookTestResponse

    kwargs = op._get_kwargs(_id(webhook_id, "webhook_id"), idempotency_key=checked_idempotency_key(idempotency_key))
    return Call(kwargs, lambda doc: WebhookTestResponse.from_dict(doc).data)


def list_webhook_deliveries(
    webhook_id: str,
    *,
    cursor: str | None,
    limit: int | None,
    event_type: EventType | str | None,
    result: DeliveryResult | str | None,
) -> Call[Page[WebhookDeliveryAttempt]]:
    from sendmux_client.api.webhooks import list_webhook_deliveries as op
    from sendmux_client.models.delivery_result import DeliveryResult
    from sendmux_client.models.event_type import EventType
    from sendmux_client.models.webhook_delivery_list_response import WebhookDeliveryListResponse
    from sendmux_client.types import UNSET

    kwargs = op._get_kwargs(
        _id(webhook_id, "webhook_id"),
        cursor=UNSET if cursor is None else cursor,
        limit=_limit(limit),
        event_type=UNSET if event_type is None else _enum(EventType, event_type, "event_type"),
        result=UNSET if result is None else _enum(DeliveryResult, result, "result"),
    )

    return Call(kwargs, lambda doc: _page(WebhookDeliveryListResponse.from_dict(doc)))


def get_webhook_delivery_payload(webhook_id: str, delivery_id: str) -> Call[DeliveryPayload]:
    from sendmux_client.api.webhooks import get_webhook_delivery_payload as op
    from sendmux_client.models.webhook_delivery_payload_response import WebhookDeliveryPayloadResponse

    from ._events import DeliveryPayload

    kwargs = op._get_kwargs(_id(webhook_id, "webhook_id"), _id(delivery_id, "delivery_id"))
    return Call(kwargs, lambda doc: DeliveryPayload.adopt(WebhookDeliveryPayloadResponse.from_dict(doc).data))


# ---- argument checks (only rules openapi.yaml states) and conversions to the generated models ----

E = TypeVar("E", bound=StrEnum)


def _id(value: str, field: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{field} must not be empty")
    return value


def _limit(value: int | None) -> int | Unset:
    """The page size: an int, whose range (1-100) the API checks; ``None`` leaves it to the API's default."""
    from sendmux_client.types import UNSET

    if value is None:
        return UNSET
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"limit must be an int, got {type(value).__name__}")
    return value


Item = TypeVar("Item")


class _ListEnvelope(Protocol[Item]):
    """What the generated list envelopes share: ``data`` and ``pagination``."""

    @property
    def data(self) -> list[Item]: ...
    @property
    def pagination(self) -> CursorPagination: ...


def _page(envelope: _ListEnvelope[Item]) -> Page[Item]:
    return Page(envelope.data, envelope.pagination.has_more, envelope.pagination.next_cursor or None)


def _etag(value: str, field: str) -> str:
    if not isinstance(value, str) or not value or not (value.isascii() and value.isprintable()):
        raise ValueError(f"{field} must be an ETag as the API sent it (printable ASCII), got {value!r}")
    return value


def _bool(value: bool, field: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be True or False, got {value!r}")
    return value


def _https_url(url: str) -> str:
    if not isinstance(url, str):
        raise TypeError(f"url must be a string, got {type(url).__name__}")
    if not url.startswith("https://"):
        raise ValueError(f"url must start with https:// (Sendmux only delivers over https), got {url!r}")
    return url


def _name(name: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"name must be a string or None, got {type(name).__name__}")
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise ValueError(f"name must be 1-{MAX_NAME_LENGTH} characters, got {len(name)}")
    return name


def _event_types(values: Iterable[EventType | str]) -> list[EventType]:
    from sendmux_client.models.event_type import EventType

    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"event_types must be a list of event types such as ['message.bounced'], got {values!r}")
    converted = [_enum(EventType, value, f"event_types[{i}]") for i, value in enumerate(values)]
    if not converted:
        raise ValueError("event_types must list at least one event type")
    return converted


def _enum(enum: type[E], value: Any, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise ValueError(f"{field}: {value!r} is not one of {known}") from None


def _filters(value: FiltersArg) -> WebhookFiltersInput:
    from sendmux_client.models.webhook_filters import WebhookFilters
    from sendmux_client.models.webhook_filters_input import WebhookFiltersInput

    if isinstance(value, WebhookFiltersInput):
        return value
    if isinstance(value, WebhookFilters):
        return WebhookFiltersInput(mailbox_ids=list(value.mailbox_ids))
    if not isinstance(value, Mapping):
        raise TypeError(f"filters must be a WebhookFiltersInput or a dict like {{'mailbox_ids': [...]}}, got {value!r}")
    unknown = sorted(set(value) - {"mailbox_ids"})
    if unknown:
        raise ValueError(f"filters has unknown keys {unknown}; the only key is 'mailbox_ids'")
    if "mailbox_ids" not in value:
        raise ValueError("filters needs 'mailbox_ids' (a list of mailbox ids; [] means every mailbox)")
    ids = value["mailbox_ids"]
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        raise TypeError(f"filters['mailbox_ids'] must be a list of mailbox ids, got {ids!r}")
    return WebhookFiltersInput(mailbox_ids=list(ids))
