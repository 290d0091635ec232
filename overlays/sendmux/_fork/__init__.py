"""The connection pool a client and its ``with_options`` copies share, which a child process replaces after
``os.fork()`` instead of sharing the parent's keep-alive sockets (whose answers would cross between processes)."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from ..errors import SendmuxError

__all__ = ["Pool"]

H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class Pool(Generic[H]):
    """``http``: the httpx client to send with. After ``os.fork()``, the child's next :meth:`current` replaces a
    client the SDK made (``make``; never closing the old one: its sockets are the parent's) and refuses one passed
    in (``make`` is ``None``)."""

    http: H
    make: Callable[[], H] | None

    def __init__(self, http: H, make: Callable[[], H] | None, headers: dict[str, str]) -> None:
        self.http, self.make, self.forked = http, make, False
        self.headers = headers  # what a client the SDK made sends with every request
        _POOLS.add(self)

    def current(self) -> H:
        if self.forked:
            if self.make is None:
                raise SendmuxError(
                    "http_client was made before os.fork(), so its connections belong to the parent process: "
                    "pass an httpx client made in this process (or no http_client, and the SDK makes its own)"
                )
            self.http, self.forked = self.make(), False
        return self.http


_POOLS: weakref.WeakSet[Pool[Any]] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for pool in list(_POOLS):
        pool.forked = True


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
