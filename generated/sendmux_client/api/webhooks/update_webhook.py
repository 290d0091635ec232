from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_response import WebhookResponse
from ...models.webhook_update_body import WebhookUpdateBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    public_id: str,
    *,
    body: WebhookUpdateBody,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/webhooks/{public_id}".format(
            public_id=quote(str(public_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookResponse | None:
    if response.status_code == 200:
        response_200 = WebhookResponse.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ApiError.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

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
) -> Response[ApiError | WebhookResponse]:
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
    body: WebhookUpdateBody,
    if_match: str | Unset = UNSET,
) -> Response[ApiError | WebhookResponse]:
    """Update a webhook subscription

     Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
    never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
    URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
    `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
    Needs `webhook.update`.

    Args:
        public_id (str):
        if_match (str | Unset):
        body (WebhookUpdateBody): A partial update; only the keys present change. Unknown keys are
            rejected. Choice: `name` must
            be 1-255 characters as on create; send `null` to clear it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WebhookUpdateBody,
    if_match: str | Unset = UNSET,
) -> ApiError | WebhookResponse | None:
    """Update a webhook subscription

     Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
    never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
    URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
    `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
    Needs `webhook.update`.

    Args:
        public_id (str):
        if_match (str | Unset):
        body (WebhookUpdateBody): A partial update; only the keys present change. Unknown keys are
            rejected. Choice: `name` must
            be 1-255 characters as on create; send `null` to clear it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookResponse
    """

    return sync_detailed(
        public_id=public_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WebhookUpdateBody,
    if_match: str | Unset = UNSET,
) -> Response[ApiError | WebhookResponse]:
    """Update a webhook subscription

     Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
    never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
    URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
    `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
    Needs `webhook.update`.

    Args:
        public_id (str):
        if_match (str | Unset):
        body (WebhookUpdateBody): A partial update; only the keys present change. Unknown keys are
            rejected. Choice: `name` must
            be 1-255 characters as on create; send `null` to clear it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookResponse]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WebhookUpdateBody,
    if_match: str | Unset = UNSET,
) -> ApiError | WebhookResponse | None:
    """Update a webhook subscription

     Partial update: a field left out stays as it is; `name: null` clears the label. The secret is
    never changed here. Turning `enabled` from false to true also clears `failing` (changing only the
    URL does not). With `If-Match`, a stale ETag gives 409 `conflict` and the current ETag in the
    `ETag` header. Choice: an empty body `{}` is a no-op that answers 200 with the current state.
    Needs `webhook.update`.

    Args:
        public_id (str):
        if_match (str | Unset):
        body (WebhookUpdateBody): A partial update; only the keys present change. Unknown keys are
            rejected. Choice: `name` must
            be 1-255 characters as on create; send `null` to clear it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookResponse
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
