"""Cursor pagination: one ``Page``, and lazy iterators that fetch the next page only when it is needed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from ._response import APIResponse
from .errors import APIResponseValidationError

if TYPE_CHECKING:
    from sendmux_client.models import CursorPagination

    from ._core import Call

T = TypeVar("T")
Item = TypeVar("Item")

__all__ = ["Page"]


class Page(Generic[T]):
    """One page of a list: ``data``, and the ``next_cursor`` to pass as ``cursor`` (``None`` on the last page)."""

    __slots__ = ("data", "has_more", "next_cursor")

    def __init__(self, data: list[T], has_more: bool, next_cursor: str | None) -> None:
        self.data, self.has_more, self.next_cursor = data, has_more, next_cursor

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"Page(len={len(self.data)}, has_more={self.has_more!r}, next_cursor={self.next_cursor!r})"


class ListEnvelope(Protocol[Item]):
    """What every generated list envelope has: ``data`` and ``pagination``."""

    @property
    def data(self) -> list[Item]: ...
    @property
    def pagination(self) -> CursorPagination: ...


def page_of(envelope: ListEnvelope[T]) -> Page[T]:
    return Page(envelope.data, envelope.pagination.has_more, envelope.pagination.next_cursor or None)


def _next_cursor(response: APIResponse[Page[T]], seen: set[str]) -> str | None:
    """The cursor of the next page, ``None`` after the last; a cursor handed out twice raises instead of looping."""
    cursor = response.data.next_cursor if response.data.has_more else None
    if cursor in seen:
        http = response.http_response
        raise APIResponseValidationError(
            status_code=http.status_code,
            code=None,
            message=f"the API handed out the cursor {cursor!r} a second time; stopping instead of looping",
            request_id=response.request_id,
            headers=http.headers,
            body=http.text,
        )
    if cursor:
        seen.add(cursor)
    return cursor


def iter_pages(
    request: Callable[[Call[Page[T]]], APIResponse[Page[T]]], first: Call[Page[T]]
) -> Iterator[APIResponse[Page[T]]]:
    """Each page's answer, first page first; nothing is fetched until the first ``next()``."""
    cursor: str | None = None
    seen: set[str] = set()
    while True:
        response = request(first.with_cursor(cursor))
        yield response
        if (cursor := _next_cursor(response, seen)) is None:
            return


def iter_items(request: Callable[[Call[Page[T]]], APIResponse[Page[T]]], first: Call[Page[T]]) -> Iterator[T]:
    for response in iter_pages(request, first):
        yield from response.data.data


async def aiter_pages(
    request: Callable[[Call[Page[T]]], Awaitable[APIResponse[Page[T]]]], first: Call[Page[T]]
) -> AsyncIterator[APIResponse[Page[T]]]:
    cursor: str | None = None
    seen: set[str] = set()
    while True:
        response = await request(first.with_cursor(cursor))
        yield response
        if (cursor := _next_cursor(response, seen)) is None:
            return


async def aiter_items(
    request: Callable[[Call[Page[T]]], Awaitable[APIResponse[Page[T]]]], first: Call[Page[T]]
) -> AsyncIterator[T]:
    async for response in aiter_pages(request, first):
        for item in response.data.data:
            yield item
