from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_create_body import WebhookCreateBody
from ...models.webhook_with_secret_response import WebhookWithSecretResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WebhookCreateBody,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookWithSecretResponse | None:
    if response.status_code == 201:
        response_201 = WebhookWithSecretResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

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
) -> Response[ApiError | WebhookWithSecretResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookCreateBody,
    idempotency_key: str | Unset = UNSET,
) -> Response[ApiError | WebhookWithSecretResponse]:
    """Create a webhook subscription

     Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
    secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

    When the team already has as many webhooks as its limit allows, the answer is 409
    `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
    with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
    checked against existing mailboxes.

    Args:
        idempotency_key (str | Unset):
        body (WebhookCreateBody): A new subscription. Unknown keys are rejected.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookWithSecretResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookCreateBody,
    idempotency_key: str | Unset = UNSET,
) -> ApiError | WebhookWithSecretResponse | None:
    """Create a webhook subscription

     Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
    secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

    When the team already has as many webhooks as its limit allows, the answer is 409
    `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
    with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
    checked against existing mailboxes.

    Args:
        idempotency_key (str | Unset):
        body (WebhookCreateBody): A new subscription. Unknown keys are rejected.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookWithSecretResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookCreateBody,
    idempotency_key: str | Unset = UNSET,
) -> Response[ApiError | WebhookWithSecretResponse]:
    """Create a webhook subscription

     Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
    secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

    When the team already has as many webhooks as its limit allows, the answer is 409
    `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
    with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
    checked against existing mailboxes.

    Args:
        idempotency_key (str | Unset):
        body (WebhookCreateBody): A new subscription. Unknown keys are rejected.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookWithSecretResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookCreateBody,
    idempotency_key: str | Unset = UNSET,
) -> ApiError | WebhookWithSecretResponse | None:
    """Create a webhook subscription

     Subscribes an HTTPS endpoint to one or more event types. The answer is the only place, with
    secret rotation, where the signing `secret` is shown. Needs `webhook.create`.

    When the team already has as many webhooks as its limit allows, the answer is 409
    `limit_exceeded`. Choices where the live API is silent: `event_types` keeps the caller's order
    with duplicates removed; several subscriptions may share one URL; `filters.mailbox_ids` is not
    checked against existing mailboxes.

    Args:
        idempotency_key (str | Unset):
        body (WebhookCreateBody): A new subscription. Unknown keys are rejected.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookWithSecretResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
