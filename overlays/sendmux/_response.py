"""``APIResponse``: a method's result together with the HTTP answer it came from."""

from __future__ import annotations

from typing import Generic, TypeVar

import httpx

T = TypeVar("T", covariant=True)

__all__ = ["APIResponse"]


class APIResponse(Generic[T]):
    """What ``client.webhooks.with_raw_response.<method>(...)`` returns.

    ``data`` is what the plain method returns (``None`` for a 304 answer to ``get(..., if_none_match=...)``);
    ``request_id`` is the ``X-Request-Id`` to quote to support; ``etag`` and ``location`` are the headers of
    that name, ``None`` when absent. ``retries_taken`` counts the retries behind this answer.
    """

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
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    @property
    def etag(self) -> str | None:
        value: str | None = self.http_response.headers.get("etag")
        return value

    @property
    def location(self) -> str | None:
        value: str | None = self.http_response.headers.get("location")
        return value

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] request_id={self.request_id!r} data={type(self.data).__name__}>"
