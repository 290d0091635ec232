"""Cursor pagination: a ``Page`` (``AsyncPage`` from ``AsyncSendmux``) that can fetch the page after it, and the
lazy iterators of a whole list (``client.webhooks.list(...)``), which fetch a page only when iteration reaches it
and tell the cursor to resume from. A list's call parses its answer into the generated envelope; the page is
built from it by whoever knows which kind it is: :func:`read_page`."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from ._envelope import invalid_answer
from ._response import APIResponse
from .errors import SendmuxError

if TYPE_CHECKING:
    from sendmux_client.types import Unset

    from ._core import Call

T = TypeVar("T")
Item = TypeVar("Item")
P = TypeVar("P", bound="Page[Any]")
# A client's _request: it sends a call and returns its APIResponse (awaitable from AsyncSendmux).
Request = Callable[["Call[Any]"], Any]

__all__ = ["AsyncListIterator", "AsyncPage", "ListEnvelope", "ListIterator", "Page", "read_page"]


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


class Page(Generic[T]):
    """One page of a list: ``data``, and the ``next_cursor`` to pass as ``cursor`` (``None`` on the last page).
    ``get_next_page()`` fetches the next one with the same arguments; ``SendmuxError`` after the last."""

    __slots__ = ("_call", "_request", "data", "has_more", "next_cursor")

    def __init__(self, data: list[T], has_more: bool, next_cursor: str | None) -> None:
        self.data, self.has_more, self.next_cursor = data, has_more, next_cursor
        self._request: Request | None = None  # the client that fetched it (read_page), and the call
        self._call: Call[ListEnvelope[T]] | None = None

    def has_next_page(self) -> bool:
        """Whether the list goes on after this page."""
        return self.has_more and bool(self.next_cursor)

    def get_next_page(self) -> Page[T]:
        request, call = self._next()
        return read_page(Page, request(call), request, call)

    def _next(self) -> tuple[Request, Call[ListEnvelope[T]]]:
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
        return read_page(AsyncPage, await request(call), request, call)


def read_page(
    kind: Callable[[list[T], bool, str | None], P],
    answer: APIResponse[ListEnvelope[T]],
    request: Request,
    call: Call[ListEnvelope[T]],
) -> P:
    """The page ``answer`` holds, a ``kind`` (``Page`` or ``AsyncPage``) that fetches the next one by sending
    ``call`` with its cursor through ``request``."""
    envelope = answer.data
    page = kind(envelope.data, envelope.pagination.has_more, envelope.pagination.next_cursor or None)
    page._request, page._call = request, call
    return page


def _next_cursor(answer: APIResponse[ListEnvelope[Any]], seen: set[str]) -> str | None:
    """The cursor of the next page, ``None`` after the last; a cursor handed out twice raises instead of looping."""
    pagination = answer.data.pagination
    cursor = (pagination.next_cursor or None) if pagination.has_more else None
    if cursor in seen:
        message = f"the API handed out the cursor {cursor!r} a second time; stopping instead of looping"
        raise invalid_answer(answer.http_response, message)
    if cursor:
        seen.add(cursor)
    return cursor


class _Listing(Generic[Item]):
    """``cursor``: where to resume, as ``list(cursor=...)``. It is the cursor of the page the next item comes from
    (``None``: the first page); once a page's last item is out, the next page's. After the last page it stays at
    that page's cursor, so resuming reads that page again, with whatever was added since."""

    _page_kind: ClassVar[type[Page[Any]]]  # what a page's answer holds when the iterator yields answers

    def __init__(self, request: Request, first: Call[ListEnvelope[Any]], items: bool) -> None:
        self._request, self._first, self._items = request, first, items
        self.cursor: str | None = (first.params or {}).get("cursor")
        self._buffer: deque[Item] = deque()
        self._next: str | None = None
        self._done, self._seen = False, set[str]()

    def _take(self, answer: APIResponse[ListEnvelope[Any]], call: Call[ListEnvelope[Any]]) -> None:
        if self._items:
            self._buffer.extend(answer.data.data)
        else:  # with_raw_response: each page's answer, holding the page
            page = read_page(self._page_kind, answer, self._request, call)
            self._buffer.append(APIResponse(page, answer.http_response, answer.retries_taken))  # type: ignore[arg-type]
        self._next = _next_cursor(answer, self._seen)
        self._done = self._next is None
        self._advance()

    def _advance(self) -> None:
        if not self._buffer and self._next is not None:
            self.cursor = self._next


class ListIterator(_Listing[Item], Iterator[Item]):
    """Every item of a list (or, from ``with_raw_response``, each page's answer), a page fetched only when
    iteration reaches it. See ``cursor`` to resume later."""

    _page_kind = Page

    def __next__(self) -> Item:
        while not self._buffer:
            if self._done:
                raise StopIteration
            call = self._first.with_cursor(self.cursor)
            self._take(self._request(call), call)
        item = self._buffer.popleft()
        self._advance()
        return item


class AsyncListIterator(_Listing[Item], AsyncIterator[Item]):
    """The async form of :class:`ListIterator`."""

    _page_kind = AsyncPage

    async def __anext__(self) -> Item:
        while not self._buffer:
            if self._done:
                raise StopAsyncIteration
            call = self._first.with_cursor(self.cursor)
            self._take(await self._request(call), call)
        item = self._buffer.popleft()
        self._advance()
        return item
