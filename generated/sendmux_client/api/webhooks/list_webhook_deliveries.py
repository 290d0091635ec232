from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.delivery_result import DeliveryResult
from ...models.event_type import EventType
from ...models.webhook_delivery_list_response import WebhookDeliveryListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    public_id: str,
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 25,
    event_type: EventType | Unset = UNSET,
    result: DeliveryResult | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit

    json_event_type: str | Unset = UNSET
    if not isinstance(event_type, Unset):
        json_event_type = event_type.value

    params["event_type"] = json_event_type

    json_result: str | Unset = UNSET
    if not isinstance(result, Unset):
        json_result = result.value

    params["result"] = json_result

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhooks/{public_id}/deliveries".format(
            public_id=quote(str(public_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookDeliveryListResponse | None:
    if response.status_code == 200:
        response_200 = WebhookDeliveryListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

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
) -> Response[ApiError | WebhookDeliveryListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 25,
    event_type: EventType | Unset = UNSET,
    result: DeliveryResult | Unset = UNSET,
) -> Response[ApiError | WebhookDeliveryListResponse]:
    """List delivery attempts

     One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

    Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
    answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
    the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
    attempt failed in a way that is never retried (the subscription was deleted or disabled while
    retries were pending, or the target is not allowed).

    Args:
        public_id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 25.
        event_type (EventType | Unset): A mail event a subscription can receive. There is no
            wildcard.
        result (DeliveryResult | Unset): Outcome of one delivery attempt; see the deliveries
            operation for each value's meaning.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryListResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        cursor=cursor,
        limit=limit,
        event_type=event_type,
        result=result,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 25,
    event_type: EventType | Unset = UNSET,
    result: DeliveryResult | Unset = UNSET,
) -> ApiError | WebhookDeliveryListResponse | None:
    """List delivery attempts

     One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

    Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
    answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
    the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
    attempt failed in a way that is never retried (the subscription was deleted or disabled while
    retries were pending, or the target is not allowed).

    Args:
        public_id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 25.
        event_type (EventType | Unset): A mail event a subscription can receive. There is no
            wildcard.
        result (DeliveryResult | Unset): Outcome of one delivery attempt; see the deliveries
            operation for each value's meaning.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryListResponse
    """

    return sync_detailed(
        public_id=public_id,
        client=client,
        cursor=cursor,
        limit=limit,
        event_type=event_type,
        result=result,
    ).parsed


async def asyncio_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 25,
    event_type: EventType | Unset = UNSET,
    result: DeliveryResult | Unset = UNSET,
) -> Response[ApiError | WebhookDeliveryListResponse]:
    """List delivery attempts

     One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

    Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
    answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
    the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
    attempt failed in a way that is never retried (the subscription was deleted or disabled while
    retries were pending, or the target is not allowed).

    Args:
        public_id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 25.
        event_type (EventType | Unset): A mail event a subscription can receive. There is no
            wildcard.
        result (DeliveryResult | Unset): Outcome of one delivery attempt; see the deliveries
            operation for each value's meaning.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryListResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        cursor=cursor,
        limit=limit,
        event_type=event_type,
        result=result,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 25,
    event_type: EventType | Unset = UNSET,
    result: DeliveryResult | Unset = UNSET,
) -> ApiError | WebhookDeliveryListResponse | None:
    """List delivery attempts

     One row per HTTP attempt, newest first, kept 7 days. Needs `webhook.read`.

    Meaning of `result` (the live API leaves it open; this document chooses): `success` the endpoint
    answered 2xx; `retrying` the attempt failed and another is scheduled (`next_retry_at`); `failed`
    the last scheduled attempt failed and the subscription became `failing`; `permanent_failure` the
    attempt failed in a way that is never retried (the subscription was deleted or disabled while
    retries were pending, or the target is not allowed).

    Args:
        public_id (str):
        cursor (str | Unset):
        limit (int | Unset):  Default: 25.
        event_type (EventType | Unset): A mail event a subscription can receive. There is no
            wildcard.
        result (DeliveryResult | Unset): Outcome of one delivery attempt; see the deliveries
            operation for each value's meaning.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryListResponse
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            client=client,
            cursor=cursor,
            limit=limit,
            event_type=event_type,
            result=result,
        )
    ).parsed
