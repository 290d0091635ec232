"""The clients' resources, one per tag of openapi.yaml: ``client.webhooks``.

Generated from openapi.yaml by codegen/resource_layer.py: do not edit. ``Sendmux`` and ``AsyncSendmux`` inherit
these properties; each resource module loads on first use, so constructing a client stays cheap.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .._core import AsyncRequester, SyncRequester

if TYPE_CHECKING:
    from .webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncResources", "Resources"]


class Resources(SyncRequester):
    """The resources of :class:`~sendmux.Sendmux`."""

    @cached_property
    def webhooks(self) -> Webhooks:
        """Webhook subscriptions, their signing secrets and their delivery attempts.

        Methods (each also under ``.with_raw_response``):

        - ``create(...)``: Create a webhook subscription
        - ``list(...)``: List webhook subscriptions, every item, page by page
        - ``list_page(...)``: List webhook subscriptions, one page
        - ``get(...)``: Get a webhook subscription
        - ``update(...)``: Update a webhook subscription
        - ``delete(...)``: Delete a webhook subscription
        - ``rotate_secret(...)``: Rotate the signing secret
        - ``send_test(...)``: Send a synthetic test event
        - ``list_deliveries(...)``: List delivery attempts, every item, page by page
        - ``list_deliveries_page(...)``: List delivery attempts, one page
        - ``get_delivery_payload(...)``: Get the body a delivery attempt sent
        """
        from .webhooks import Webhooks

        return Webhooks(self)


class AsyncResources(AsyncRequester):
    """The resources of :class:`~sendmux.AsyncSendmux`."""

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """Webhook subscriptions, their signing secrets and their delivery attempts.

        Methods (awaitable; list iterators are async):

        - ``create(...)``: Create a webhook subscription
        - ``list(...)``: List webhook subscriptions, every item, page by page
        - ``list_page(...)``: List webhook subscriptions, one page
        - ``get(...)``: Get a webhook subscription
        - ``update(...)``: Update a webhook subscription
        - ``delete(...)``: Delete a webhook subscription
        - ``rotate_secret(...)``: Rotate the signing secret
        - ``send_test(...)``: Send a synthetic test event
        - ``list_deliveries(...)``: List delivery attempts, every item, page by page
        - ``list_deliveries_page(...)``: List delivery attempts, one page
        - ``get_delivery_payload(...)``: Get the body a delivery attempt sent
        """
        from .webhooks import AsyncWebhooks

        return AsyncWebhooks(self)
