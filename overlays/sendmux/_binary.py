"""Answers that are not JSON: :class:`BinaryResponse`, held in memory within ``max_response_size``, and
:class:`StreamedResponse` (the ``with_streaming_response`` form), read as it arrives and never held whole."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import Self

import httpx

__all__ = ["BinaryResponse", "ClosesResponse", "StreamedResponse"]

_CHUNK = 64 * 1024


class BinaryResponse:
    """A binary answer read in full (bounded by the client's ``max_response_size``): ``content``, ``text``,
    ``content_type``, :meth:`iter_bytes` and :meth:`write_to_file`. For a body too large to hold, use the method's
    ``with_streaming_response`` form."""

    __slots__ = ("response",)

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        return self.response.content

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def content_type(self) -> str | None:
        value: str | None = self.response.headers.get("content-type")
        return value

    def iter_bytes(self, chunk_size: int = _CHUNK) -> Iterator[bytes]:
        content = self.response.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as file:
            file.write(self.response.content)

    def __repr__(self) -> str:
        return f"<BinaryResponse {self.content_type or 'unknown type'}, {len(self.response.content)} bytes>"


class ClosesResponse:
    """An answer still open: ``with`` / ``async with`` (or :meth:`close` / :meth:`aclose`) closes its connection."""

    response: httpx.Response

    def close(self) -> None:
        self.response.close()

    async def aclose(self) -> None:
        await self.response.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class StreamedResponse(ClosesResponse):
    """An answer still arriving. Read it once, with the sync methods from ``Sendmux`` or the ``a``-prefixed ones
    from ``AsyncSendmux``, inside ``with`` / ``async with`` (or call :meth:`close` / :meth:`aclose`), which closes
    the connection. ``max_response_size`` does not apply: nothing is held but the chunk being read."""

    __slots__ = ("response",)

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content_type(self) -> str | None:
        value: str | None = self.response.headers.get("content-type")
        return value

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield from self.response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        yield from self.response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        yield from self.response.iter_lines()

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as file:
            for chunk in self.response.iter_bytes(_CHUNK):
                file.write(chunk)

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.response.aiter_bytes(chunk_size):
            yield chunk

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.response.aiter_text(chunk_size):
            yield chunk

    async def aiter_lines(self) -> AsyncIterator[str]:
        async for line in self.response.aiter_lines():
            yield line

    async def awrite_to_file(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as file:
            async for chunk in self.response.aiter_bytes(_CHUNK):
                file.write(chunk)

    def __repr__(self) -> str:
        return f"<StreamedResponse [{self.response.status_code}] {self.content_type or 'unknown type'}>"
