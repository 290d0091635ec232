"""``client.request(...)``: a call to any path of the API, for what this SDK does not know yet. It gets what every
generated method gets: the envelope read, typed errors, retries, and for a POST an ``Idempotency-Key``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypedDict

from ._core import AsyncRequester, Call, CallOptions, SyncRequester, TimeoutArg
from ._idempotency import new_idempotency_key
from ._omit import OMIT, Omit

if TYPE_CHECKING:
    from typing import Unpack

    from ._response import APIResponse

__all__ = ["AsyncRawRequests", "AsyncRequests", "RawRequests", "RequestOptions", "Requests", "request_call"]

METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


class RequestOptions(TypedDict, total=False):
    """``params``: the query; ``json``: the body; ``idempotency_key``: for a POST, else a fresh one per call (the
    same on each retry); ``timeout``, ``extra_headers`` and ``max_retries``: as on every generated method."""

    params: Mapping[str, Any] | None
    json: Any
    idempotency_key: str | None
    timeout: TimeoutArg | Omit
    extra_headers: Mapping[str, str] | None
    max_retries: int | None


def request_call(method: str, path: str, **options: Unpack[RequestOptions]) -> Call[Any]:
    """The call ``client.request`` sends; a bad argument raises here, naming it."""
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"path must start with / (it is joined to the base URL), e.g. '/webhooks', got {path!r}")
    method, key = method.upper(), options.get("idempotency_key")
    if key is None and method == "POST":
        key = new_idempotency_key()
    elif key is not None and not (isinstance(key, str) and key.isascii() and key.isprintable() and key.strip() == key):
        raise ValueError("idempotency_key must be printable ASCII without surrounding spaces (it is sent as a header)")
    timeout, extra_headers, params = options.get("timeout", OMIT), options.get("extra_headers"), options.get("params")
    per_call = CallOptions(timeout, extra_headers, extra_query=params, max_retries=options.get("max_retries"))
    headers = None if key is None else {"Idempotency-Key": key}
    return Call.build(method, path, _data, per_call, json=options.get("json"), headers=headers)


def _data(document: Any) -> Any:
    return document["data"]  # no data (or no JSON object): APIResponseValidationError


class RawRequests:
    """``client.with_raw_response``: ``request(...)`` returning the whole answer, an :class:`~sendmux.APIResponse`."""

    def __init__(self, client: SyncRequester) -> None:
        self._client = client

    def request(self, method: str, path: str, **options: Unpack[RequestOptions]) -> APIResponse[Any]:
        return self._client._request(request_call(method, path, **options))


class AsyncRawRequests:
    """``client.with_raw_response`` of ``AsyncSendmux``: ``await request(...)`` returning the whole answer."""

    def __init__(self, client: AsyncRequester) -> None:
        self._client = client

    async def request(self, method: str, path: str, **options: Unpack[RequestOptions]) -> APIResponse[Any]:
        return await self._client._request(request_call(method, path, **options))


class Requests(SyncRequester):
    """What ``Sendmux`` gets from here: ``request(...)`` and ``with_raw_response.request(...)``."""

    @cached_property
    def with_raw_response(self) -> RawRequests:
        """``request(...)`` returning the whole answer."""
        return RawRequests(self)

    def request(self, method: str, path: str, **options: Unpack[RequestOptions]) -> Any:
        """Call ``path`` (under the base URL) for an endpoint this SDK does not know yet and return the answer's
        ``data`` as plain JSON; errors, retries and a POST's ``Idempotency-Key`` as for every method."""
        return self._request(request_call(method, path, **options)).data


class AsyncRequests(AsyncRequester):
    """What ``AsyncSendmux`` gets from here: ``await request(...)`` and ``await with_raw_response.request(...)``."""

    @cached_property
    def with_raw_response(self) -> AsyncRawRequests:
        """``await request(...)`` returning the whole answer."""
        return AsyncRawRequests(self)

    async def request(self, method: str, path: str, **options: Unpack[RequestOptions]) -> Any:
        """The async form of :meth:`Sendmux.request`."""
        return (await self._request(request_call(method, path, **options))).data
