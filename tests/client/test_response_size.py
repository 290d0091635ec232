"""Answers are read up to ``max_response_size`` bytes after decompression, and no further."""

from __future__ import annotations

import functools
import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import httpx
import pytest

import sendmux

from .fakes import API_KEY, BASE_URL, subscription

pytestmark = pytest.mark.anyio

LIMIT = 256 * 1024
ANSWER = httpx.Response(200, json={"ok": True, "data": subscription(), "meta": {"request_id": "req_1"}}).content


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives in pieces, as from a socket, counting how much of it the client took."""

    def __init__(self, body: bytes, size: int = 16 * 1024) -> None:
        self.pieces = [body[i : i + size] for i in range(0, len(body), size)]
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.taken += 1
            yield piece

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for piece in self:
            yield piece


def client_for(stream: Chunks, encoding: str | None, *, asynchronous: bool) -> sendmux.Sendmux | sendmux.AsyncSendmux:
    headers = {"Content-Type": "application/json", **({"Content-Encoding": encoding} if encoding else {})}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, headers=headers, stream=stream))
    if asynchronous:
        http = httpx.AsyncClient(transport=transport)
        return sendmux.AsyncSendmux(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_response_size=LIMIT)
    return sendmux.Sendmux(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport), max_response_size=LIMIT
    )


async def get(client: sendmux.Sendmux | sendmux.AsyncSendmux) -> object:
    result = client.webhooks.get("whk_1")
    return await result if isinstance(client, sendmux.AsyncSendmux) else result  # type: ignore[misc]


@functools.cache
def _bomb(encoding: str) -> bytes:
    """64 MiB of zeros, compressed to about 64 KiB (made once for the sync and the async test)."""
    zeros = b"\0" * (64 * 1024 * 1024)
    return gzip.compress(zeros) if encoding == "gzip" else zlib.compress(zeros)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_compression_bomb_stops_at_the_bound_without_inflating_the_rest(
    encoding: str, asynchronous: bool
) -> None:
    stream = Chunks(_bomb(encoding))
    client = client_for(stream, encoding, asynchronous=asynchronous)
    await get(client_for(Chunks(ANSWER), None, asynchronous=asynchronous))  # imports done before measuring
    tracemalloc.start()
    try:
        with pytest.raises(sendmux.ResponseTooLargeError, match=f"larger than max_response_size \\({LIMIT} bytes"):
            await get(client)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * LIMIT, f"{peak} bytes allocated while reading"
    assert stream.taken < len(stream.pieces), "the whole compressed body was read"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
async def test_a_plain_body_over_the_bound_is_not_read_to_the_end(asynchronous: bool) -> None:
    stream = Chunks(b"[" + b"0," * LIMIT + b"0]")
    with pytest.raises(sendmux.ResponseTooLargeError):
        await get(client_for(stream, None, asynchronous=asynchronous))
    assert stream.taken < len(stream.pieces)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("encoding", [None, "gzip", "deflate"])
async def test_answers_within_the_bound_decode_as_before(encoding: str | None, asynchronous: bool) -> None:
    body = {"gzip": gzip.compress, "deflate": zlib.compress}.get(encoding or "", lambda b: b)(ANSWER)
    hook = await get(client_for(Chunks(body, size=7), encoding, asynchronous=asynchronous))
    assert getattr(hook, "id", None) == "whk_1"


async def test_an_encoding_the_sdk_did_not_ask_for_is_a_clear_error() -> None:
    with pytest.raises(sendmux.APIConnectionError, match="unsupported Content-Encoding 'br'"):
        await get(client_for(Chunks(b"\x8b"), "br", asynchronous=False))


def test_the_sdk_asks_only_for_what_it_decodes() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=ANSWER)

    client = sendmux.Sendmux(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    client.webhooks.get("whk_1")
    assert seen[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("size", [0, -1, 1.5, True])
def test_a_bad_bound_is_refused(size: object) -> None:
    with pytest.raises(ValueError, match="max_response_size must be a positive int"):
        sendmux.Sendmux(api_key=API_KEY, max_response_size=size)  # type: ignore[arg-type]
