"""``timeout`` bounds each attempt as a whole, from sending the request to the answer's last byte.

A hostile or broken server that trickles its answer (a byte at a time, each well within httpx's per-read timeout)
would otherwise hold a call for as long as it likes. Each server here sends one byte every quarter of the client's
timeout, so httpx's own per-read timeout never fires, for 50 times that timeout or more in all, and records how far
it got: the client must have hung up before the slow part was complete, which only the SDK's deadline on the whole
attempt does. The server's count of requests is read once its threads have caught up, so a busy machine that runs
them late changes nothing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

import sendmux

from .fakes import API_KEY, subscription

pytestmark = pytest.mark.anyio

TIMEOUT = 0.2  # the client's, per attempt (httpx also uses it as its timeout for each read)
BYTE_GAP = TIMEOUT / 4  # between two bytes of the slow part
BODY = httpx.Response(200, json={"ok": True, "data": subscription(), "meta": {"request_id": "req_1"}}).content
PADDING = b"X-Padding: " + b"p" * 300 + b"\r\n"  # headers long enough to trickle for 50 timeouts too
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n" % (PADDING, len(BODY))
assert min(len(HEAD), len(BODY)) * BYTE_GAP >= 50 * TIMEOUT, "the slow part must outlast the timeout many times"


class TricklingServer:
    """Answers every request with HEAD + BODY; ``slow`` says which part arrives a byte at a time."""

    def __init__(self, slow: str) -> None:
        self.slow = slow
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.stopped = threading.Event()
        self.served = 0
        self.slow_bytes_sent: list[int] = []  # per connection, how much of the slow part went out
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/api/v1"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            fast, slow = (HEAD, BODY) if self.slow == "body" else (b"", HEAD)
            self.slow_bytes_sent.append(0)  # before the count: requests_read(n) may return at once after it
            self.served += 1
            try:
                connection.sendall(fast)
                for index in range(len(slow)):
                    if self.stopped.wait(BYTE_GAP):
                        return
                    connection.sendall(slow[index : index + 1])
                    self.slow_bytes_sent[-1] += 1
                connection.sendall(BODY if self.slow == "headers" else b"")
            except OSError:  # the client gave up and closed the connection
                return

    def requests_read(self, expected: int) -> int:
        """How many requests the server read, once it has read ``expected`` (or 30 s went by): a thread of the
        server may read a request after the client has already given up on it."""
        deadline = time.monotonic() + 30
        while self.served < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.served

    def hung_up_early(self) -> bool:
        """Every connection ended before the slow part was all sent (a client without a deadline waits for it)."""
        whole = len(BODY if self.slow == "body" else HEAD)
        return bool(self.slow_bytes_sent) and all(sent < whole for sent in self.slow_bytes_sent)

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture(params=["headers", "body"])
def trickling(request: pytest.FixtureRequest) -> Iterator[TricklingServer]:
    server = TricklingServer(request.param)
    yield server
    server.close()


def test_a_trickling_answer_ends_the_sync_call_with_a_timeout(trickling: TricklingServer) -> None:
    client = sendmux.Sendmux(api_key=API_KEY, base_url=trickling.base_url, timeout=TIMEOUT, max_retries=0)
    with client, pytest.raises(sendmux.APITimeoutError, match=r"within the attempt's timeout|timed out"):
        client.webhooks.get("whk_1")
    assert trickling.requests_read(1) == 1 and trickling.hung_up_early()


async def test_a_trickling_answer_ends_the_async_call_with_a_timeout(trickling: TricklingServer) -> None:
    async with sendmux.AsyncSendmux(
        api_key=API_KEY, base_url=trickling.base_url, timeout=TIMEOUT, max_retries=0
    ) as client:
        with pytest.raises(sendmux.APITimeoutError):
            await client.webhooks.get("whk_1")
    assert trickling.requests_read(1) == 1 and trickling.hung_up_early()


def test_every_attempt_has_its_own_deadline(trickling: TricklingServer, sleeps: list[float]) -> None:
    client = sendmux.Sendmux(api_key=API_KEY, base_url=trickling.base_url, timeout=TIMEOUT, max_retries=2)
    with client, pytest.raises(sendmux.APITimeoutError):
        client.webhooks.get("whk_1")
    assert trickling.requests_read(3) == 3 and len(sleeps) == 2 and trickling.hung_up_early()


def test_a_callers_own_sync_client_still_gets_a_deadline_on_the_body() -> None:
    server = TricklingServer("body")
    try:
        with httpx.Client(timeout=TIMEOUT) as http:
            client = sendmux.Sendmux(api_key=API_KEY, base_url=server.base_url, max_retries=0, http_client=http)
            with pytest.raises(sendmux.APITimeoutError):
                client.webhooks.get("whk_1")
        assert server.requests_read(1) == 1 and server.hung_up_early()
    finally:
        server.close()


def test_the_deadline_is_the_largest_part_of_an_httpx_timeout() -> None:
    from sendmux._core import attempt_deadline

    assert attempt_deadline(httpx.Timeout(30.0, connect=5.0)) == 30.0
    assert attempt_deadline(httpx.Timeout(None, connect=2.0)) == 2.0
    assert attempt_deadline(httpx.Timeout(None)) is None
    assert attempt_deadline(2.5) == 2.5
