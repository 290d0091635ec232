"""Serving the app with uvicorn: on a given address from the command line, or in a background thread."""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Unpack

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from .._api.compiled_requests import served_operations
from .._api.faults import HideDroppedConnections
from .._control.token import new_control_token
from .._spec.document import BASE_PATH
from .._state.config import EmulatorConfig, EmulatorOptions
from .app import create_app
from .local_only import LocalOnly, is_loopback_host
from .running import RunningEmulator

__all__ = ["RunningEmulator", "base_url", "bind", "run_in_thread", "serve"]

STARTUP_TIMEOUT = 15.0
_SHUTDOWN_TIMEOUT = 10.0


def base_url(host: str, port: int) -> str:
    """``http://HOST:PORT/api/v1``, with IPv6 hosts in brackets."""
    try:
        shown = f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        shown = host
    return f"http://{shown}:{port}{BASE_PATH}"


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host:port`` (0 picks a free port). Raises OSError when taken."""
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    # IPPROTO_TCP, not 0: asyncio only turns Nagle off (TCP_NODELAY) on accepted sockets whose proto says
    # TCP, and without it every keep-alive request waits ~40 ms for a delayed ACK.
    sock = socket.socket(info[0], socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
    except OSError:
        sock.close()
        raise
    return sock


def _hide_dropped_connections() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, HideDroppedConnections) for f in logger.filters):
        logger.addFilter(HideDroppedConnections())


class _Server(uvicorn.Server):
    """uvicorn's server, calling back once it accepts connections, leaving signals to its owner."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            self._on_started()

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn would re-raise the signal after shutting down, which kills the process with -15 on
        # SIGTERM; `serve` installs handlers that only ask for a graceful exit instead.
        yield

    def request_exit(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: first signal shuts down gracefully, a second one stops waiting for connections."""
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True


def _uvicorn_config(app: Any, *, log_config: dict[str, Any] | None) -> uvicorn.Config:
    """uvloop where installed (the emulator extra's ``uvicorn[standard]``), else asyncio's loop.

    The HTTP parser stays h11: httptools refuses some header values h11 passes on (a DEL inside an
    Idempotency-Key), answering a bare text 400 where the emulator answers its own ``invalid_parameter``."""
    return uvicorn.Config(
        app,
        http="h11",
        loop="auto",
        ws="none",
        lifespan="on",
        log_config=log_config,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )


def serve(config: EmulatorConfig, host: str, port: int, on_started: Callable[[str], None]) -> None:
    """Serve in this thread until SIGINT or SIGTERM; ``on_started`` gets the base URL once listening. Requests must
    name this emulator in their ``Host``; bound beyond loopback, the development key is refused (``LocalOnly``)."""
    sock = bind(host, port)
    url = base_url(host, sock.getsockname()[1])
    _hide_dropped_connections()
    app = LocalOnly(create_app(config), bound_host=host)
    served_operations()  # every operation's request checks, before the first request
    server = _Server(_uvicorn_config(app, log_config=LOGGING_CONFIG), lambda: on_started(url))
    previous = {sig: signal.signal(sig, server.request_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


@contextmanager
def run_in_thread(
    config: EmulatorConfig | None = None,
    /,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    **options: Unpack[EmulatorOptions],
) -> Iterator[RunningEmulator]:
    """Serve the emulator from a daemon thread for the duration of the block (a free port by default).

    Options are those of `EmulatorConfig`, e.g. ``run_in_thread(fault_rate=0.2, time_scale=0.001)``.
    """
    config = (config or EmulatorConfig()).replace(**options) if options else (config or EmulatorConfig())
    if not is_loopback_host(host) and config.control_token is None:
        config = config.replace(control_token=new_control_token())
    sock = bind(host, port)
    started = threading.Event()
    app = LocalOnly(create_app(config), bound_host=host)
    served_operations()  # every operation's request checks, before the first request
    _hide_dropped_connections()
    server = _Server(_uvicorn_config(app, log_config=None), started.set)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sendmux-emulator", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not started.wait(0.05):
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Sendmux emulator did not start")
        with RunningEmulator(base_url(host, sock.getsockname()[1]), config) as running:
            yield running
    finally:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT)
        sock.close()
