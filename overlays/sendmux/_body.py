"""Reading an answer's body up to a size bound, decompressing it without ever inflating past the bound."""

from __future__ import annotations

import zlib

import httpx

from .errors import ResponseTooLargeError

__all__ = ["ACCEPT_ENCODING", "BoundedBody"]

ACCEPT_ENCODING = "gzip, deflate"  # what the SDK asks for, and all it decodes
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BoundedBody:
    """Feed it ``response``'s raw chunks; :meth:`finish` stores the decoded body. ``ResponseTooLargeError`` once the
    body, raw or decoded, passes ``limit``; ``httpx.DecodingError`` for an encoding not asked for or bad bytes."""

    __slots__ = ("decoder", "limit", "parts", "raw", "response", "size")

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response, self.limit, self.raw, self.size = response, limit, 0, 0
        self.parts: list[bytes] = []
        # A transport that handed over a body it read already (httpx.MockTransport) decoded it too.
        encoding = "identity" if response.is_stream_consumed else response.headers.get("content-encoding", "")
        encoding = encoding.strip().lower()
        if encoding not in ("identity", "", *_WBITS):
            raise httpx.DecodingError(f"unsupported Content-Encoding {encoding!r} (the SDK asks for {ACCEPT_ENCODING})")
        self.decoder = zlib.decompressobj(_WBITS[encoding]) if encoding in _WBITS else None

    def feed(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        if self.raw > self.limit:
            self._too_large()
        if self.decoder is None:
            self._keep(chunk)
            return
        try:
            data = chunk
            while data:  # never more than the room left (+1, to notice going over) per step
                self._keep(self.decoder.decompress(data, self.limit + 1 - self.size))
                data = self.decoder.unconsumed_tail
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body does not decode: {exc}") from None

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            self._too_large()
        self.parts.append(data)

    def _too_large(self) -> None:
        status = self.response.status_code
        raise ResponseTooLargeError(f"the {status} answer is larger than max_response_size ({self.limit} bytes)")

    def finish(self) -> httpx.Response:
        """The response, its ``.content`` now the decoded body (as ``response.read()`` would have left it)."""
        if self.decoder is not None:
            self._keep(self.decoder.flush())
        self.response._content = b"".join(self.parts)  # what httpx's own read() sets
        return self.response
