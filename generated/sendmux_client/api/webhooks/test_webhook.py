from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_test_response import WebhookTestResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    public_id: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks/{public_id}/test".format(
            public_id=quote(str(public_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookTestResponse | None:
    if response.status_code == 200:
        response_200 = WebhookTestResponse.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ApiError.from_dict(response.json())

        return response_409

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
) -> Response[ApiError | WebhookTestResponse]:
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
    idempotency_key: str | Unset = UNSET,
) -> Response[ApiError | WebhookTestResponse]:
    """Send a synthetic test event

     Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
    The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
    the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
    and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
    accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookTestResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> ApiError | WebhookTestResponse | None:
    """Send a synthetic test event

     Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
    The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
    the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
    and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
    accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookTestResponse
    """

    return sync_detailed(
        public_id=public_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> Response[ApiError | WebhookTestResponse]:
    """Send a synthetic test event

     Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
    The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
    the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
    and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
    accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookTestResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> ApiError | WebhookTestResponse | None:
    """Send a synthetic test event

     Publishes one `sendmux.test` event to this subscription only; mailbox filters do not apply.
    The subscription must list `sendmux.test`, otherwise 409 `conflict`. Delivery is asynchronous:
    the answer carries the `event_id` that the delivery's `X-Sendmux-Event-Id` header will repeat,
    and the outcome shows up in the deliveries list. Choice: a disabled or failing subscription
    accepts the call but nothing is delivered, as for any other event. Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookTestResponse
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
