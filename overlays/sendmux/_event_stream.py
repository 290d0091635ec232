"""Server-sent events (``text/event-stream``): the parsing rules of the HTML standard, and :class:`Stream`, the
iterator of typed items an event-stream operation returns."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import httpx

from ._binary import ClosesResponse
from .errors import APIResponseValidationError

T = TypeVar("T")

__all__ = ["ServerSentEvent", "Stream", "parse_events"]


class ServerSentEvent:
    """One dispatched event: ``event`` (``"message"`` unless named), ``data`` (its ``data:`` lines joined by
    newlines), ``id`` (the last event id seen so far, ``""`` before any) and ``retry`` (milliseconds, or None)."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(self, data: str, event: str = "message", id: str = "", retry: int | None = None) -> None:
        self.data, self.event, self.id, self.retry = data, event, id, retry

    def json(self) -> Any:
        return json.loads(self.data)

    def _fields(self) -> tuple[str, str, str, int | None]:
        return self.data, self.event, self.id, self.retry

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerSentEvent) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r})"


_LINE_END = re.compile(r"\r\n|\r|\n")  # only these end a line (str.splitlines, which httpx uses, has more)


class _Lines:
    """Text chunks in, whole lines out (a CR at a chunk's end may pair with the next chunk's LF)."""

    def __init__(self) -> None:
        self.rest, self.after_cr = "", False

    def feed(self, text: str) -> list[str]:
        if self.after_cr and text.startswith("\n"):
            text = text[1:]
        self.after_cr = text.endswith("\r") or (not text and self.after_cr)
        *lines, self.rest = _LINE_END.split(self.rest + text)
        return lines


class _Decoder:
    """The event-stream interpretation of the HTML standard, one line (without its end) at a time."""

    def __init__(self) -> None:
        self.data: list[str] = []
        self.event, self.last_id = "", ""
        self.retry: int | None = None
        self.first = True

    def line(self, line: str) -> ServerSentEvent | None:
        line, self.first = (line.removeprefix("\ufeff") if self.first else line), False  # a leading BOM is skipped
        if not line:  # a blank line dispatches, unless no data came
            event = ServerSentEvent("\n".join(self.data), self.event or "message", self.last_id, self.retry)
            dispatch = bool(self.data)
            self.data, self.event, self.retry = [], "", None
            return event if dispatch else None
        if line.startswith(":"):  # a comment (servers send them to keep the connection open)
            return None
        field, colon, value = line.partition(":")
        value = value[1:] if colon and value.startswith(" ") else value
        if field == "data":
            self.data.append(value)
        elif field == "event":
            self.event = value
        elif field == "id" and "\0" not in value:
            self.last_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None  # any other field is ignored


def parse_events(chunks: Iterable[str]) -> Iterator[ServerSentEvent]:
    """The events in a stream's text, given in chunks of any size; an event cut off by the end is dropped."""
    lines, decoder = _Lines(), _Decoder()
    for chunk in chunks:
        for line in lines.feed(chunk):
            if (event := decoder.line(line)) is not None:
                yield event


async def _aparse_events(chunks: AsyncIterable[str]) -> AsyncIterator[ServerSentEvent]:
    lines, decoder = _Lines(), _Decoder()
    async for chunk in chunks:
        for line in lines.feed(chunk):
            if (event := decoder.line(line)) is not None:
                yield event


class Stream(ClosesResponse, Generic[T]):
    """The items of an event stream, each parsed from one event's ``data`` as it arrives. Iterate it with ``for``
    (from ``Sendmux``) or ``async for`` (from ``AsyncSendmux``); leaving the loop, or the ``with`` block, closes
    the connection. ``last_event_id`` is the id of the latest event read. Only the current event is held, so
    ``max_response_size`` does not apply."""

    def __init__(self, response: httpx.Response, parse: Callable[[ServerSentEvent], T]) -> None:
        self.response, self._parse = response, parse
        self.last_event_id = ""

    def _item(self, event: ServerSentEvent) -> T:
        self.last_event_id = event.id
        try:
            return self._parse(event)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise APIResponseValidationError(
                status_code=self.response.status_code,
                code=None,
                message=f"the event {event.event!r} (id {event.id!r}) does not match the API's schema ({exc})",
                request_id=None,
                headers=self.response.headers,
                body=event.data,
            ) from exc

    def __iter__(self) -> Iterator[T]:
        try:
            for event in parse_events(self.response.iter_text()):
                yield self._item(event)
        finally:
            self.response.close()

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            async for event in _aparse_events(self.response.aiter_text()):
                yield self._item(event)
        finally:
            await self.response.aclose()

    def __repr__(self) -> str:
        return f"<Stream [{self.response.status_code}] last_event_id={self.last_event_id!r}>"
