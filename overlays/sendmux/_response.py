"""``APIResponse``: a method's result together with the HTTP answer it came from."""

from __future__ import annotations

import json
from typing import Generic, TypeVar, cast

import httpx

T = TypeVar("T", covariant=True)

__all__ = ["APIResponse"]


def request_id_of(response: httpx.Response) -> str | None:
    """The request id: the ``X-Request-Id`` header, else the body's ``meta.request_id`` (every envelope has it)."""
    value: str | None = response.headers.get("x-request-id")
    if value is None and response.content:
        try:
            meta = json.loads(response.content).get("meta")
            value = meta.get("request_id") if isinstance(meta.get("request_id"), str) else None
        except (ValueError, AttributeError, RecursionError):
            return None
    return value


class APIResponse(Generic[T]):
    """What ``with_raw_response`` methods return: ``data`` (what the plain method returns; ``None`` for a 304), the
    ``request_id`` to quote to support, the ``etag`` and ``location`` headers (``None`` when absent), and how many
    retries the answer took (``retries_taken``)."""

    __slots__ = ("data", "http_response", "retries_taken")

    def __init__(self, data: T, http_response: httpx.Response, retries_taken: int = 0) -> None:
        self.data = data
        self.http_response = http_response
        self.retries_taken = retries_taken

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response)

    @property
    def etag(self) -> str | None:
        return cast("str | None", self.http_response.headers.get("etag"))

    @property
    def location(self) -> str | None:
        return cast("str | None", self.http_response.headers.get("location"))

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] request_id={self.request_id!r} data={type(self.data).__name__}>"
