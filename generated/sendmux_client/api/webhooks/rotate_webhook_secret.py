from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_with_secret_response import WebhookWithSecretResponse
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
        "url": "/webhooks/{public_id}/rotate-secret".format(
            public_id=quote(str(public_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookWithSecretResponse | None:
    if response.status_code == 200:
        response_200 = WebhookWithSecretResponse.from_dict(response.json())

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
) -> Response[ApiError | WebhookWithSecretResponse]:
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
) -> Response[ApiError | WebhookWithSecretResponse]:
    """Rotate the signing secret

     Mints a new secret and answers with it once. The old secret stops signing at once: the next
    delivery attempt, including retries of earlier events (choice), is signed with the new one.
    Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
    Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookWithSecretResponse]
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
) -> ApiError | WebhookWithSecretResponse | None:
    """Rotate the signing secret

     Mints a new secret and answers with it once. The old secret stops signing at once: the next
    delivery attempt, including retries of earlier events (choice), is signed with the new one.
    Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
    Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookWithSecretResponse
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
) -> Response[ApiError | WebhookWithSecretResponse]:
    """Rotate the signing secret

     Mints a new secret and answers with it once. The old secret stops signing at once: the next
    delivery attempt, including retries of earlier events (choice), is signed with the new one.
    Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
    Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookWithSecretResponse]
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
) -> ApiError | WebhookWithSecretResponse | None:
    """Rotate the signing secret

     Mints a new secret and answers with it once. The old secret stops signing at once: the next
    delivery attempt, including retries of earlier events (choice), is signed with the new one.
    Reusing an `Idempotency-Key` on another subscription is 409 `idempotency_conflict`.
    Needs `webhook.manage`.

    Args:
        public_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookWithSecretResponse
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
