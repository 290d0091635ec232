"""``client.webhooks``: one method per operation, sync and async, plain (``data``) and ``with_raw_response``.

Every method hands a :class:`~sendmux._operations.Call` to its client and returns the unwrapped ``data``
as the generated model (or, under ``with_raw_response``, an :class:`~sendmux.APIResponse` around it).
Arguments are checked before any request: a bad one raises ``ValueError``/``TypeError`` naming it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, overload

from . import _operations as ops
from ._omit import OMIT, Omit
from ._pagination import Page, aiter_items, aiter_pages, iter_items, iter_pages

if TYPE_CHECKING:
    from sendmux_client.models import (
        DeliveryResult,
        EventType,
        WebhookDeleted,
        WebhookDeliveryAttempt,
        WebhookSubscription,
        WebhookSubscriptionWithSecret,
        WebhookTestResult,
    )

    from ._client import AsyncSendmux, Sendmux
    from ._events import DeliveryPayload
    from ._operations import FiltersArg
    from ._response import APIResponse

__all__ = ["AsyncWebhooks", "AsyncWebhooksWithRawResponse", "Webhooks", "WebhooksWithRawResponse"]


class Webhooks:
    """Webhook subscriptions and their deliveries. Each method returns the answer's ``data``.

    POSTs (``create``, ``rotate_secret``, ``send_test``) always send an ``Idempotency-Key``: yours, or a
    fresh one per call, and every retry of the call reuses it. Retries are described on
    :class:`~sendmux.Sendmux`. Errors are :class:`~sendmux.errors.APIError` subclasses.
    """

    def __init__(self, client: Sendmux) -> None:
        self._client = client
        self.with_raw_response = WebhooksWithRawResponse(client)

    def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | str],
        name: str | None = None,
        filters: FiltersArg | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """Subscribe ``url`` (https only) to ``event_types``; the answer is the only time ``secret`` is shown.

        ``filters`` takes ``{"mailbox_ids": [...]}`` or the generated model. Pass a stable
        ``idempotency_key`` (see :func:`sendmux.idempotency_key`) so that running the same job again returns
        the webhook it created instead of a second one. 409 ``limit_exceeded`` raises ``LimitExceededError``.
        """
        call = ops.create_webhook(
            url=url,
            event_types=event_types,
            name=name,
            filters=filters,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )
        return self._client._request(call).data

    def list(self, *, limit: int | None = None) -> Iterator[WebhookSubscription]:
        """Every subscription, newest first; pages of ``limit`` are fetched only as iteration reaches them.

        ``limit`` is checked at once; the first request waits for the first ``next()``.
        """
        ops.list_webhooks(cursor=None, limit=limit)
        return iter_items(lambda cursor: self.with_raw_response.list_page(cursor=cursor, limit=limit))

    def list_page(self, *, cursor: str | None = None, limit: int | None = None) -> Page[WebhookSubscription]:
        """One page of subscriptions; pass its ``next_cursor`` as ``cursor`` for the next."""
        return self._client._request(ops.list_webhooks(cursor=cursor, limit=limit)).data

    def get(self, webhook_id: str) -> WebhookSubscription:
        """One subscription (never with its secret). For its ``ETag``, use ``with_raw_response.get``."""
        return self._client._request(ops.get_webhook(webhook_id)).data

    def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | str] | Omit = OMIT,
        name: str | Omit | None = OMIT,
        filters: FiltersArg | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
    ) -> WebhookSubscription:
        """Change the given fields; a keyword left out stays as it is and ``name=None`` clears the name.

        Re-enabling (``enabled`` false to true) also clears ``failing``. With ``if_match`` (an ``ETag``) a
        stale state raises ``ConflictError``. The PATCH is retried like other calls, since sending the same
        fields again leaves the same state; with ``if_match``, a retry after an attempt that did apply gets
        ``ConflictError`` (the ETag moved on), so re-read with ``get`` before trying again.
        """
        call = ops.update_webhook(
            webhook_id, url=url, event_types=event_types, name=name, filters=filters, enabled=enabled, if_match=if_match
        )
        return self._client._request(call).data

    def delete(self, webhook_id: str) -> WebhookDeleted:
        """Delete the subscription for good; 404 raises ``NotFoundError``.

        If an attempt fails in a way that may have deleted it (a timeout, a dropped connection, a 5xx) and the
        retry then gets 404, the call succeeds: the webhook is gone, which is what was asked.
        """
        return self._client._request(ops.delete_webhook(webhook_id)).data

    def rotate_secret(self, webhook_id: str, *, idempotency_key: str | None = None) -> WebhookSubscriptionWithSecret:
        """Mint a new signing secret (shown only in this answer); the old one stops signing at once."""
        return self._client._request(ops.rotate_webhook_secret(webhook_id, idempotency_key=idempotency_key)).data

    def send_test(self, webhook_id: str, *, idempotency_key: str | None = None) -> WebhookTestResult:
        """Publish one ``sendmux.test`` event to this subscription; ``ConflictError`` if it does not list it."""
        return self._client._request(ops.test_webhook(webhook_id, idempotency_key=idempotency_key)).data

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> Iterator[WebhookDeliveryAttempt]:
        """Every delivery attempt (kept 7 days), newest first, fetched page by page as iteration needs.

        The arguments are checked at once; the first request waits for the first ``next()``.
        """
        ops.list_webhook_deliveries(webhook_id, cursor=None, limit=limit, event_type=event_type, result=result)
        return iter_items(
            lambda cursor: self.with_raw_response.list_deliveries_page(
                webhook_id, cursor=cursor, event_type=event_type, result=result, limit=limit
            )
        )

    def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> Page[WebhookDeliveryAttempt]:
        """One page of delivery attempts."""
        call = ops.list_webhook_deliveries(webhook_id, cursor=cursor, limit=limit, event_type=event_type, result=result)
        return self._client._request(call).data

    def get_delivery_payload(self, webhook_id: str, delivery_id: str) -> DeliveryPayload:
        """The body one delivery attempt sent, parsed; ``NotFoundError`` once it expired (7 days)."""
        return self._client._request(ops.get_webhook_delivery_payload(webhook_id, delivery_id)).data


class WebhooksWithRawResponse:
    """The methods of :class:`Webhooks`, returning :class:`~sendmux.APIResponse` (status, headers, request id)."""

    def __init__(self, client: Sendmux) -> None:
        self._client = client

    def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | str],
        name: str | None = None,
        filters: FiltersArg | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[WebhookSubscriptionWithSecret]:
        """As :meth:`Webhooks.create`; ``.location`` is the new subscription's path."""
        call = ops.create_webhook(
            url=url,
            event_types=event_types,
            name=name,
            filters=filters,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )
        return self._client._request(call)

    def list(self, *, limit: int | None = None) -> Iterator[APIResponse[Page[WebhookSubscription]]]:
        """Each page's answer in turn, fetched lazily."""
        ops.list_webhooks(cursor=None, limit=limit)
        return iter_pages(lambda cursor: self.list_page(cursor=cursor, limit=limit))

    def list_page(
        self, *, cursor: str | None = None, limit: int | None = None
    ) -> APIResponse[Page[WebhookSubscription]]:
        return self._client._request(ops.list_webhooks(cursor=cursor, limit=limit))

    @overload
    def get(self, webhook_id: str, *, if_none_match: None = None) -> APIResponse[WebhookSubscription]: ...
    @overload
    def get(self, webhook_id: str, *, if_none_match: str) -> APIResponse[WebhookSubscription | None]: ...
    def get(self, webhook_id: str, *, if_none_match: str | None = None) -> APIResponse[WebhookSubscription | None]:
        """As :meth:`Webhooks.get`, with ``.etag``; with ``if_none_match``, an unchanged subscription gives
        ``.status_code == 304`` and ``.data is None``."""
        if if_none_match is None:
            return self._client._request(ops.get_webhook(webhook_id))
        return self._client._request(ops.get_webhook_if_none_match(webhook_id, if_none_match))

    def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | str] | Omit = OMIT,
        name: str | Omit | None = OMIT,
        filters: FiltersArg | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
    ) -> APIResponse[WebhookSubscription]:
        """As :meth:`Webhooks.update`; ``.etag`` is the new ``ETag``."""
        call = ops.update_webhook(
            webhook_id, url=url, event_types=event_types, name=name, filters=filters, enabled=enabled, if_match=if_match
        )
        return self._client._request(call)

    def delete(self, webhook_id: str) -> APIResponse[WebhookDeleted]:
        """As :meth:`Webhooks.delete`; when a retry found the webhook already gone, ``.status_code`` is 404."""
        return self._client._request(ops.delete_webhook(webhook_id))

    def rotate_secret(
        self, webhook_id: str, *, idempotency_key: str | None = None
    ) -> APIResponse[WebhookSubscriptionWithSecret]:
        return self._client._request(ops.rotate_webhook_secret(webhook_id, idempotency_key=idempotency_key))

    def send_test(self, webhook_id: str, *, idempotency_key: str | None = None) -> APIResponse[WebhookTestResult]:
        return self._client._request(ops.test_webhook(webhook_id, idempotency_key=idempotency_key))

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> Iterator[APIResponse[Page[WebhookDeliveryAttempt]]]:
        """Each page's answer in turn, fetched lazily."""
        ops.list_webhook_deliveries(webhook_id, cursor=None, limit=limit, event_type=event_type, result=result)
        return iter_pages(
            lambda cursor: self.list_deliveries_page(
                webhook_id, cursor=cursor, event_type=event_type, result=result, limit=limit
            )
        )

    def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[WebhookDeliveryAttempt]]:
        call = ops.list_webhook_deliveries(webhook_id, cursor=cursor, limit=limit, event_type=event_type, result=result)
        return self._client._request(call)

    def get_delivery_payload(self, webhook_id: str, delivery_id: str) -> APIResponse[DeliveryPayload]:
        return self._client._request(ops.get_webhook_delivery_payload(webhook_id, delivery_id))


class AsyncWebhooks:
    """The awaitable form of :class:`Webhooks`; the list methods return async iterators."""

    def __init__(self, client: AsyncSendmux) -> None:
        self._client = client
        self.with_raw_response = AsyncWebhooksWithRawResponse(client)

    async def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | str],
        name: str | None = None,
        filters: FiltersArg | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> WebhookSubscriptionWithSecret:
        """As :meth:`Webhooks.create`."""
        call = ops.create_webhook(
            url=url,
            event_types=event_types,
            name=name,
            filters=filters,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )
        return (await self._client._request(call)).data

    def list(self, *, limit: int | None = None) -> AsyncIterator[WebhookSubscription]:
        """As :meth:`Webhooks.list`: ``async for hook in client.webhooks.list()``."""
        ops.list_webhooks(cursor=None, limit=limit)
        return aiter_items(lambda cursor: self.with_raw_response.list_page(cursor=cursor, limit=limit))

    async def list_page(self, *, cursor: str | None = None, limit: int | None = None) -> Page[WebhookSubscription]:
        return (await self._client._request(ops.list_webhooks(cursor=cursor, limit=limit))).data

    async def get(self, webhook_id: str) -> WebhookSubscription:
        return (await self._client._request(ops.get_webhook(webhook_id))).data

    async def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | str] | Omit = OMIT,
        name: str | Omit | None = OMIT,
        filters: FiltersArg | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
    ) -> WebhookSubscription:
        """As :meth:`Webhooks.update` (omitted keywords stay unchanged, ``name=None`` clears)."""
        call = ops.update_webhook(
            webhook_id, url=url, event_types=event_types, name=name, filters=filters, enabled=enabled, if_match=if_match
        )
        return (await self._client._request(call)).data

    async def delete(self, webhook_id: str) -> WebhookDeleted:
        """As :meth:`Webhooks.delete` (a retry that finds it already gone succeeds)."""
        return (await self._client._request(ops.delete_webhook(webhook_id))).data

    async def rotate_secret(
        self, webhook_id: str, *, idempotency_key: str | None = None
    ) -> WebhookSubscriptionWithSecret:
        return (
            await self._client._request(ops.rotate_webhook_secret(webhook_id, idempotency_key=idempotency_key))
        ).data

    async def send_test(self, webhook_id: str, *, idempotency_key: str | None = None) -> WebhookTestResult:
        return (await self._client._request(ops.test_webhook(webhook_id, idempotency_key=idempotency_key))).data

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[WebhookDeliveryAttempt]:
        ops.list_webhook_deliveries(webhook_id, cursor=None, limit=limit, event_type=event_type, result=result)
        return aiter_items(
            lambda cursor: self.with_raw_response.list_deliveries_page(
                webhook_id, cursor=cursor, event_type=event_type, result=result, limit=limit
            )
        )

    async def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> Page[WebhookDeliveryAttempt]:
        call = ops.list_webhook_deliveries(webhook_id, cursor=cursor, limit=limit, event_type=event_type, result=result)
        return (await self._client._request(call)).data

    async def get_delivery_payload(self, webhook_id: str, delivery_id: str) -> DeliveryPayload:
        return (await self._client._request(ops.get_webhook_delivery_payload(webhook_id, delivery_id))).data


class AsyncWebhooksWithRawResponse:
    """The awaitable form of :class:`WebhooksWithRawResponse`."""

    def __init__(self, client: AsyncSendmux) -> None:
        self._client = client

    async def create(
        self,
        *,
        url: str,
        event_types: Iterable[EventType | str],
        name: str | None = None,
        filters: FiltersArg | None = None,
        enabled: bool | None = None,
        idempotency_key: str | None = None,
    ) -> APIResponse[WebhookSubscriptionWithSecret]:
        call = ops.create_webhook(
            url=url,
            event_types=event_types,
            name=name,
            filters=filters,
            enabled=enabled,
            idempotency_key=idempotency_key,
        )
        return await self._client._request(call)

    def list(self, *, limit: int | None = None) -> AsyncIterator[APIResponse[Page[WebhookSubscription]]]:
        ops.list_webhooks(cursor=None, limit=limit)
        return aiter_pages(lambda cursor: self.list_page(cursor=cursor, limit=limit))

    async def list_page(
        self, *, cursor: str | None = None, limit: int | None = None
    ) -> APIResponse[Page[WebhookSubscription]]:
        return await self._client._request(ops.list_webhooks(cursor=cursor, limit=limit))

    @overload
    async def get(self, webhook_id: str, *, if_none_match: None = None) -> APIResponse[WebhookSubscription]: ...
    @overload
    async def get(self, webhook_id: str, *, if_none_match: str) -> APIResponse[WebhookSubscription | None]: ...
    async def get(
        self, webhook_id: str, *, if_none_match: str | None = None
    ) -> APIResponse[WebhookSubscription | None]:
        """As :meth:`WebhooksWithRawResponse.get` (304 gives ``.data is None``)."""
        if if_none_match is None:
            return await self._client._request(ops.get_webhook(webhook_id))
        return await self._client._request(ops.get_webhook_if_none_match(webhook_id, if_none_match))

    async def update(
        self,
        webhook_id: str,
        *,
        url: str | Omit = OMIT,
        event_types: Iterable[EventType | str] | Omit = OMIT,
        name: str | Omit | None = OMIT,
        filters: FiltersArg | Omit = OMIT,
        enabled: bool | Omit = OMIT,
        if_match: str | None = None,
    ) -> APIResponse[WebhookSubscription]:
        call = ops.update_webhook(
            webhook_id, url=url, event_types=event_types, name=name, filters=filters, enabled=enabled, if_match=if_match
        )
        return await self._client._request(call)

    async def delete(self, webhook_id: str) -> APIResponse[WebhookDeleted]:
        return await self._client._request(ops.delete_webhook(webhook_id))

    async def rotate_secret(
        self, webhook_id: str, *, idempotency_key: str | None = None
    ) -> APIResponse[WebhookSubscriptionWithSecret]:
        return await self._client._request(ops.rotate_webhook_secret(webhook_id, idempotency_key=idempotency_key))

    async def send_test(self, webhook_id: str, *, idempotency_key: str | None = None) -> APIResponse[WebhookTestResult]:
        return await self._client._request(ops.test_webhook(webhook_id, idempotency_key=idempotency_key))

    def list_deliveries(
        self,
        webhook_id: str,
        *,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[APIResponse[Page[WebhookDeliveryAttempt]]]:
        ops.list_webhook_deliveries(webhook_id, cursor=None, limit=limit, event_type=event_type, result=result)
        return aiter_pages(
            lambda cursor: self.list_deliveries_page(
                webhook_id, cursor=cursor, event_type=event_type, result=result, limit=limit
            )
        )

    async def list_deliveries_page(
        self,
        webhook_id: str,
        *,
        cursor: str | None = None,
        event_type: EventType | str | None = None,
        result: DeliveryResult | str | None = None,
        limit: int | None = None,
    ) -> APIResponse[Page[WebhookDeliveryAttempt]]:
        call = ops.list_webhook_deliveries(webhook_id, cursor=cursor, limit=limit, event_type=event_type, result=result)
        return await self._client._request(call)

    async def get_delivery_payload(self, webhook_id: str, delivery_id: str) -> APIResponse[DeliveryPayload]:
        return await self._client._request(ops.get_webhook_delivery_payload(webhook_id, delivery_id))
