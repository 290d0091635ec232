"""The httpx client a client and its ``with_options`` copies share, which a child process replaces after
``os.fork()`` instead of sharing the parent's keep-alive sockets (whose answers would cross between processes)."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from .errors import SendmuxError

__all__ = ["ForkSafeClient"]

H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class ForkSafeClient(Generic[H]):
    """One httpx client, ``client``. After ``os.fork()``, the child's next :meth:`for_this_process` replaces a client
    the SDK made (``make``; never closing the old one: its sockets are the parent's) and refuses one passed in
    (``make`` is ``None``). ``headers``: what a client the SDK made sends with every request."""

    client: H
    make: Callable[[], H] | None

    def __init__(self, client: H, make: Callable[[], H] | None, headers: dict[str, str]) -> None:
        self.client, self.make, self.headers, self.forked = client, make, headers, False
        _ALL.add(self)

    def for_this_process(self) -> H:
        if self.forked:
            if self.make is None:
                raise SendmuxError(
                    "http_client was made before os.fork(), so its connections belong to the parent process: "
                    "pass an httpx client made in this process (or no http_client, and the SDK makes its own)"
                )
            self.client, self.forked = self.make(), False
        return self.client


_ALL: weakref.WeakSet[ForkSafeClient[Any]] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for shared in list(_ALL):
        shared.forked = True


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
