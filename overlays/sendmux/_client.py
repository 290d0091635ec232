"""``Sendmux`` and ``AsyncSendmux``: they hold the settings and the connection pool, and only do I/O.

What a call does (request building, retries, idempotency, reading answers) lives in :mod:`sendmux._core`
and is shared by both; the clients send the requests it asks for, read each answer within its deadline and size
bound, and sleep when it says so.
"""

from __future__ import annotations

import contextvars
import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from ._body import ACCEPT_ENCODING, BoundedBody
from ._core import Config, Send, TimeoutArg, check_timeout, run
from ._logging import configure_from_env
from ._omit import OMIT, Omit
from ._resources import AsyncResources, Resources  # generated: generated/sendmux/_resources
from ._retry import RetryPolicy
from ._version import API_VERSION, __version__
from .errors import SendmuxError

if TYPE_CHECKING:
    from collections.abc import Generator

    from ._core import Call, Outcome
    from ._response import APIResponse

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "AsyncSendmux", "Sendmux"]

T = TypeVar("T")
H = TypeVar("H", httpx.Client, httpx.AsyncClient)

DEFAULT_BASE_URL = "https://app.sendmux.ai/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_SIZE = 10 * 1024 * 1024
USER_AGENT = f"sendmux-python/{__version__} (api {API_VERSION})"

# Sent as each request's auth: a no-op, so neither a supplied client's auth nor credentials in a URL can
# replace the Authorization header the SDK sets.
_NO_AUTH = httpx.Auth()

# Looked up at call time, so tests can replace them.
_sleep = time.sleep


async def _async_sleep(seconds: float) -> None:
    import anyio  # httpx's own dependency: asyncio or trio, whichever runs

    await anyio.sleep(seconds)


configure_from_env()


def _config(api_key: object, base_url: object, timeout: object, max_retries: int, max_size: object) -> Config:
    """Check the client's settings (falling back to the environment) and fix the headers every request carries."""
    if base_url is None:
        base_url = os.environ.get("SENDMUX_BASE_URL")
        if base_url is not None and not base_url.strip():  # an empty setting must not quietly mean production
            raise ValueError(f"SENDMUX_BASE_URL is set but empty: unset it to use {DEFAULT_BASE_URL}")
    elif not base_url:
        raise ValueError(f"base_url is empty: pass None to use SENDMUX_BASE_URL or {DEFAULT_BASE_URL}")
    base_url = base_url or DEFAULT_BASE_URL
    api_key = os.environ.get("SENDMUX_API_KEY", "") if api_key is None else api_key
    if not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, got {type(api_key).__name__}")
    if not api_key:
        raise SendmuxError("no API key: pass api_key=... or set SENDMUX_API_KEY")
    if not (api_key.isascii() and api_key.isprintable()) or api_key != api_key.strip() or " " in api_key:
        # the key itself is never put in the message
        raise ValueError("api_key has whitespace or characters an HTTP header cannot carry (copied with a newline?)")
    if isinstance(base_url, str) and "@" in base_url.partition("://")[2].split("/", 1)[0]:
        # never echoed: it holds credentials, which would also replace the Bearer key
        raise ValueError("base_url must not carry credentials (user:password@); the API key is the credential")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise ValueError(f"base_url must be an http(s) URL such as https://app.sendmux.ai/api/v1, got {base_url!r}")
    try:
        httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url {base_url!r} is not a valid URL: {exc}") from None
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ValueError(f"max_response_size must be a positive int of bytes, got {max_size!r}")
    headers = {"Authorization": f"Bearer {api_key}", "User-Agent": USER_AGENT, "Accept": "application/json"}
    headers["Accept-Encoding"] = ACCEPT_ENCODING
    return Config(base_url.rstrip("/"), headers, check_timeout(timeout), RetryPolicy(max_retries), max_size)


class _ClientSettings(Generic[H]):
    """What both clients share: their settings, ``with_options`` and the read-only views of them."""

    _config: Config
    _http: H
    _owns_http: bool

    def _start(self, http_type: type[H], http_client: H | None, timeout: TimeoutArg | Omit, **settings: Any) -> None:
        if http_client is not None and not isinstance(http_client, http_type):
            raise TypeError(f"http_client must be an httpx.{http_type.__name__}, got {type(http_client).__name__}")
        if isinstance(timeout, Omit):
            timeout = DEFAULT_TIMEOUT if http_client is None else http_client.timeout
        self._config = _config(timeout=timeout, **settings)
        self._owns_http = http_client is None
        self._http = http_client or self._new_http(self._config.timeout)

    def _new_http(self, timeout: TimeoutArg) -> H:
        raise NotImplementedError

    def with_options(self, *, max_retries: int | None = None, timeout: TimeoutArg | Omit = OMIT) -> Self:
        """A copy with other retry/timeout settings that shares this client's connection pool.

        Closing the copy does not close the pool; close the original when done.
        """
        clone = object.__new__(type(self))
        clone._config = self._config._replace(
            timeout=self._config.timeout if isinstance(timeout, Omit) else check_timeout(timeout),
            retry=self._config.retry if max_retries is None else RetryPolicy(max_retries),
        )
        clone._http, clone._owns_http = self._http, False
        return clone

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def max_retries(self) -> int:
        return self._config.retry.max_retries

    @property
    def timeout(self) -> TimeoutArg:
        return self._config.timeout

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


def _drive(steps: Generator[Send | float, Outcome, APIResponse[T]], outcome: Outcome) -> Send | float | APIResponse[T]:
    try:
        return steps.send(outcome)
    except StopIteration as done:
        result: APIResponse[T] = done.value
        return result


class Sendmux(_ClientSettings[httpx.Client], Resources):
    """Client for the Sendmux webhooks API: ``client.webhooks.create(...)`` and friends.

    ``api_key`` falls back to ``SENDMUX_API_KEY`` and ``base_url`` to ``SENDMUX_BASE_URL``, then
    ``https://app.sendmux.ai/api/v1``; without a key the constructor raises :class:`~sendmux.SendmuxError`.
    ``timeout`` is seconds or an ``httpx.Timeout`` (default 30 s, 5 s to connect; with ``http_client``, that
    client's own); it also bounds each attempt as a whole, from sending to the answer's last byte (the largest
    part of an ``httpx.Timeout``), so a call lasts at most ``(max_retries + 1) x timeout`` plus the waits
    between attempts. ``max_retries`` (default 2): see the README for what is retried. ``max_response_size``
    (default 10 MiB) bounds an answer after decompression; past it, ``ResponseTooLargeError``.

    ``http_client`` takes your own ``httpx.Client`` (proxies, transport, limits, TLS); the SDK never changes it
    (README: what it sets on each request), and :meth:`close` leaves it open. Your client's transport then
    bounds the wait for the answer's headers; the SDK still bounds the body by the deadline.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        settings = {"api_key": api_key, "base_url": base_url, "max_retries": max_retries, "max_size": max_response_size}
        self._start(httpx.Client, http_client, timeout, **settings)

    def _new_http(self, timeout: TimeoutArg) -> httpx.Client:
        return httpx.Client(timeout=timeout, transport=_deadline_transport())

    def close(self) -> None:
        """Close the connection pool, unless it was passed in as ``http_client`` or this is a ``with_options`` copy."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _request(self, call: Call[T]) -> APIResponse[T]:
        steps = run(call, self._config)
        step: Send | float | APIResponse[T] = next(steps)
        while True:
            if isinstance(step, float):
                step = _drive(steps, _sleep(step))
            elif isinstance(step, Send):
                step = _drive(steps, self._exchange(step))
            else:
                return step

    def _exchange(self, send: Send) -> httpx.Response | httpx.RequestError:
        request = send.build(self._http)
        deadline = None if send.deadline is None else time.monotonic() + send.deadline
        token = _DEADLINE.set(deadline)
        try:
            response = self._http.send(request, auth=_NO_AUTH, stream=True)
            try:
                body = BoundedBody(response, send.max_size)
                for chunk in [response.content] if response.is_stream_consumed else response.iter_raw():
                    body.feed(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise _past_deadline(request)
                return body.finish()
            finally:
                response.close()
        except httpx.RequestError as exc:
            return exc
        finally:
            _DEADLINE.reset(token)


class AsyncSendmux(_ClientSettings[httpx.AsyncClient], AsyncResources):
    """The asyncio (or trio) form of :class:`Sendmux`: the same settings, the same methods, awaitable.

    List methods return async iterators (``async for hook in client.webhooks.list()``). ``http_client``
    takes an ``httpx.AsyncClient``, treated as :class:`Sendmux` treats its ``httpx.Client``; the deadline of each
    attempt holds whatever its transport. Use ``async with``, or ``await client.close()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        settings = {"api_key": api_key, "base_url": base_url, "max_retries": max_retries, "max_size": max_response_size}
        self._start(httpx.AsyncClient, http_client, timeout, **settings)

    def _new_http(self, timeout: TimeoutArg) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout)

    async def close(self) -> None:
        """Close the connection pool, unless it was passed in as ``http_client`` or this is a ``with_options`` copy."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _request(self, call: Call[T]) -> APIResponse[T]:
        steps = run(call, self._config)
        step: Send | float | APIResponse[T] = next(steps)
        while True:
            if isinstance(step, float):
                await _async_sleep(step)
                step = _drive(steps, None)
            elif isinstance(step, Send):
                step = _drive(steps, await self._exchange(step))
            else:
                return step

    async def _exchange(self, send: Send) -> httpx.Response | httpx.RequestError:
        import anyio

        request = send.build(self._http)
        try:
            with anyio.fail_after(send.deadline):
                response = await self._http.send(request, auth=_NO_AUTH, stream=True)
                try:
                    body = BoundedBody(response, send.max_size)
                    if response.is_stream_consumed:  # a transport (httpx.MockTransport) that read it already
                        body.feed(response.content)
                    else:
                        async for chunk in response.aiter_raw():
                            body.feed(chunk)
                    return body.finish()
                finally:
                    await response.aclose()
        except TimeoutError:
            return _past_deadline(request)
        except httpx.RequestError as exc:
            return exc


# ---- the sync deadline: asyncio and trio can cancel a read; a blocking socket read cannot be cancelled, so the
# ---- client the SDK creates gives every socket operation only what is left of the attempt's time.

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("sendmux_deadline", default=None)


def _past_deadline(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("the answer did not arrive in full within the attempt's timeout", request=request)


def _deadline_transport() -> httpx.HTTPTransport:
    """httpx's own transport, its sockets bounded by ``_DEADLINE``. It reaches into httpx's connection pool
    (``_pool._network_backend``); if a future httpx moves it, the transport is left as it is and the deadline is
    then checked between chunks of the body only."""
    import httpcore

    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if isinstance(getattr(pool, "_network_backend", None), httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(pool._network_backend)  # type: ignore[union-attr]
    return transport


def _left(timeout: float | None) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = max(deadline - time.monotonic(), 0.001)
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._stream.read(max_bytes, _left(timeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def __getattr__(self, name: str) -> Any:  # close, get_extra_info
        return getattr(self._stream, name)


class _DeadlineBackend:
    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **options: Any) -> _DeadlineStream:
        return _DeadlineStream(self._backend.connect_tcp(host, port, _left(timeout), **options))

    def __getattr__(self, name: str) -> Any:  # connect_unix_socket, sleep
        return getattr(self._backend, name)
