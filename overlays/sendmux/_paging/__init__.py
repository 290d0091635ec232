"""Cursor pagination: a ``Page`` that can fetch the page after it, and the lazy iterators of a whole list
(``client.webhooks.list(...)``), which fetch a page only when iteration reaches it and tell the cursor to resume
from."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .._response import APIResponse
from ..errors import APIResponseValidationError, SendmuxError

if TYPE_CHECKING:
    from sendmux_client.types import Unset

    from .._core import Call

T = TypeVar("T")
Item = TypeVar("Item")

__all__ = ["AsyncListIterator", "AsyncPage", "ListIterator", "Page"]


class Page(Generic[T]):
    """One page of a list: ``data``, and the ``next_cursor`` to pass as ``cursor`` (``None`` on the last page).
    ``get_next_page()`` fetches the next one with the same arguments; ``SendmuxError`` after the last."""

    __slots__ = ("_call", "_request", "data", "has_more", "next_cursor")

    def __init__(self, data: list[T], has_more: bool, next_cursor: str | None) -> None:
        self.data, self.has_more, self.next_cursor = data, has_more, next_cursor
        self._call: Call[Any] | None = None  # the call that fetched it, and its client's request
        self._request: Callable[[Call[Any]], Any] | None = None

    def has_next_page(self) -> bool:
        """Whether the list goes on after this page."""
        return self.has_more and bool(self.next_cursor)

    def get_next_page(self) -> Page[T]:
        request, call = self._next()
        page: Page[T] = request(call).data
        return page

    def _next(self) -> tuple[Callable[[Call[Any]], Any], Call[Any]]:
        if not self.has_next_page():
            raise SendmuxError("this is the last page: check has_next_page() before get_next_page()")
        if self._request is None or self._call is None:
            raise SendmuxError("this page was not fetched by a client, so it cannot fetch the next one")
        return self._request, self._call.with_cursor(self.next_cursor)

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        more, cursor = self.has_more, self.next_cursor
        return f"{type(self).__name__}(len={len(self.data)}, has_more={more!r}, next_cursor={cursor!r})"


class AsyncPage(Page[T]):
    """A page that ``AsyncSendmux`` fetched: ``await page.get_next_page()``."""

    __slots__ = ()

    async def get_next_page(self) -> AsyncPage[T]:  # type: ignore[override]  # the async form of the same step
        request, call = self._next()
        page: AsyncPage[T] = (await request(call)).data
        return page


class Pagination(Protocol):
    """What every cursor pagination model has, whatever the spec names its component."""

    @property
    def has_more(self) -> bool: ...
    @property
    def next_cursor(self) -> str | Unset: ...


class ListEnvelope(Protocol[Item]):
    """What every generated list envelope has: ``data`` and ``pagination``."""

    @property
    def data(self) -> list[Item]: ...
    @property
    def pagination(self) -> Pagination: ...


def page_of(envelope: ListEnvelope[T]) -> Page[T]:
    return Page(envelope.data, envelope.pagination.has_more, envelope.pagination.next_cursor or None)


def bound(
    response: APIResponse[T], call: Call[Any], request: Callable[[Call[Any]], Any], kind: type[Any]
) -> APIResponse[T]:
    """``response``, its page (if it is one) made a ``kind`` (``Page`` or ``AsyncPage``) that can fetch the next."""
    if isinstance(response.data, Page):
        response.data.__class__, response.data._call, response.data._request = kind, call, request
    return response


def _next_cursor(response: APIResponse[Page[Any]], seen: set[str]) -> str | None:
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


class _Listing(Generic[Item]):
    """``cursor``: where to resume, as ``list(cursor=...)``. It is the cursor of the page the next item comes from
    (``None``: the first page); once a page's last item is out, the next page's. After the last page it stays at
    that page's cursor, so resuming reads that page again, with whatever was added since."""

    def __init__(self, request: Callable[[Call[Any]], Any], first: Call[Page[Any]], items: bool) -> None:
        self._request, self._first, self._items = request, first, items
        self.cursor: str | None = (first.params or {}).get("cursor")
        self._buffer: deque[Item] = deque()
        self._next: str | None = None
        self._done, self._seen = False, set[str]()

    def _take(self, response: APIResponse[Page[Any]]) -> None:
        self._buffer.extend(response.data.data if self._items else [response])  # type: ignore[list-item]
        self._next = _next_cursor(response, self._seen)
        self._done = self._next is None
        self._advance()

    def _advance(self) -> None:
        if not self._buffer and self._next is not None:
            self.cursor = self._next


class ListIterator(_Listing[Item], Iterator[Item]):
    """Every item of a list (or, from ``with_raw_response``, each page's answer), a page fetched only when
    iteration reaches it. See ``cursor`` to resume later."""

    def __next__(self) -> Item:
        while not self._buffer:
            if self._done:
                raise StopIteration
            self._take(self._request(self._first.with_cursor(self.cursor)))
        item = self._buffer.popleft()
        self._advance()
        return item


class AsyncListIterator(_Listing[Item], AsyncIterator[Item]):
    """The async form of :class:`ListIterator`."""

    async def __anext__(self) -> Item:
        while not self._buffer:
            if self._done:
                raise StopAsyncIteration
            self._take(await self._request(self._first.with_cursor(self.cursor)))
        item = self._buffer.popleft()
        self._advance()
        return item
