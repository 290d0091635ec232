"""The Redis store when the network loses a reply: redis-py sends a command again, with the same arguments, after
a connection fails, so a claim whose reply was lost arrives twice with the same token. The second must find the
claim its own (``claimed``), not another worker's (``busy``, which would hold the event for the whole lease)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from sendmux.receiving import RedisStore, process_once
from sendmux.receiving._redis import _CLAIM


class DropOneReply:
    """A TCP proxy in front of redis-server that lets the first EVALSHA reach the server, then drops its reply and
    closes the client's connection, as a network failure after the command ran would."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.dropped = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
            drop = threading.Event()
            threading.Thread(target=self._requests, args=(client, server, drop), daemon=True).start()
            threading.Thread(target=self._replies, args=(server, client, drop), daemon=True).start()

    def _requests(self, client: socket.socket, server: socket.socket, drop: threading.Event) -> None:
        while data := _recv(client):
            with self._lock:
                if b"EVALSHA" in data.upper() and self.dropped == 0:
                    self.dropped = 1
                    drop.set()
            server.sendall(data)

    def _replies(self, server: socket.socket, client: socket.socket, drop: threading.Event) -> None:
        while data := _recv(server):
            if drop.is_set():  # the command ran; its answer never arrives
                for sock in (client, server):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes the other thread's recv, and tells redis-py
                    sock.close()
                return
            client.sendall(data)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


@contextmanager
def dropping_one_reply(redis_port: int) -> Iterator[DropOneReply]:
    proxy = DropOneReply(redis_port)
    try:
        yield proxy
    finally:
        proxy.listener.close()


def test_a_claim_whose_reply_was_lost_is_still_the_claimer_s(redis_client: redis.Redis, redis_port: int) -> None:
    redis_client.script_load(_CLAIM)  # loaded already, as in a running fleet: the first EVALSHA runs the claim
    runs: list[str] = []
    with dropping_one_reply(redis_port) as proxy:
        store = RedisStore(redis.Redis(host="127.0.0.1", port=proxy.port))  # redis-py's default: retry on failure
        assert process_once(store, "evt_1", lambda: runs.append("ran")) == "processed"
        assert proxy.dropped == 1
    assert runs == ["ran"]
    assert RedisStore(redis_client).claim("evt_1").status == "done"
