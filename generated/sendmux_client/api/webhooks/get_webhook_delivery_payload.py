from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_delivery_payload_response import WebhookDeliveryPayloadResponse
from ...types import Response


def _get_kwargs(
    public_id: str,
    delivery_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhooks/{public_id}/deliveries/{delivery_id}/payload".format(
            public_id=quote(str(public_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookDeliveryPayloadResponse | None:
    if response.status_code == 200:
        response_200 = WebhookDeliveryPayloadResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ApiError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ApiError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ApiError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | WebhookDeliveryPayloadResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    public_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | WebhookDeliveryPayloadResponse]:
    """Get the body a delivery attempt sent

     The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
    signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
    the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

    Args:
        public_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryPayloadResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        delivery_id=delivery_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    public_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | WebhookDeliveryPayloadResponse | None:
    """Get the body a delivery attempt sent

     The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
    signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
    the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

    Args:
        public_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryPayloadResponse
    """

    return sync_detailed(
        public_id=public_id,
        delivery_id=delivery_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    public_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | WebhookDeliveryPayloadResponse]:
    """Get the body a delivery attempt sent

     The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
    signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
    the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

    Args:
        public_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryPayloadResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        delivery_id=delivery_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    public_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | WebhookDeliveryPayloadResponse | None:
    """Get the body a delivery attempt sent

     The event body, as parsed JSON (not the exact bytes, so it cannot be used to recompute the
    signature; `request_payload_sha256` on the attempt covers the raw bytes). 404 `not_found` when
    the attempt is unknown or its payload expired (7 days). Needs `webhook.read`.

    Args:
        public_id (str):
        delivery_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryPayloadResponse
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            delivery_id=delivery_id,
            client=client,
        )
    ).parsed
