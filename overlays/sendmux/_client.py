"""``Sendmux`` and ``AsyncSendmux``: the settings and the connection pool. They only do I/O: what a call does is
:mod:`sendmux._core`'s; they send what it asks for, read each answer within its deadline and size bound, and
sleep when it says so. A client used across ``os.fork()`` leaves the parent's connections to the parent."""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import os
import ssl
import time
from collections.abc import AsyncIterator, Generator, Mapping
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from ._any_path import AsyncRequests, Requests
from ._body import ACCEPT_ENCODING, BoundedBody
from ._core import Call, Config, Outcome, Send, TimeoutArg, check_timeout, checked_headers, merged, run
from ._fork_safe import ForkSafeClient
from ._logging import configure_from_env
from ._omit import OMIT, Omit
from ._on_attempt import OnAttempt, checked_hook
from ._resources import AsyncResources, Resources  # generated: generated/sendmux/_resources
from ._response import APIResponse
from ._retry import RetryPolicy
from ._version import API_VERSION, __version__
from .errors import SendmuxError

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "AsyncSendmux", "Sendmux"]

T = TypeVar("T")
H = TypeVar("H", httpx.Client, httpx.AsyncClient)

DEFAULT_BASE_URL = "https://app.sendmux.ai/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_SIZE = 10 * 1024 * 1024
USER_AGENT = f"sendmux-python/{__version__} (api {API_VERSION})"
# Each request's auth: a no-op, so neither a supplied client's auth nor a URL's credentials replace the key.
_NO_AUTH = httpx.Auth()
_sleep = time.sleep  # looked up at call time, so tests can replace it (and _async_sleep)


async def _async_sleep(seconds: float) -> None:
    import anyio  # httpx's own dependency: asyncio or trio, whichever runs

    await anyio.sleep(seconds)


configure_from_env()


def _config(
    api_key: object, base_url: object, timeout: object, max_retries: int, max_size: object, **more: Any
) -> Config:
    """Check the client's settings (falling back to the environment) and fix the headers every request carries.
    ``more``: ``default_headers``, ``default_query``, ``on_attempt`` and ``allow_insecure_http``."""
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
    if not isinstance(base_url, str) or not base_url.lower().startswith(("https://", "http://")):
        raise ValueError(f"base_url must be an http(s) URL such as https://app.sendmux.ai/api/v1, got {base_url!r}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url {base_url!r} is not a valid URL: {exc}") from None
    if url.scheme == "http" and not (more.get("allow_insecure_http") or _loopback(url.host)):
        raise ValueError(
            f"base_url {base_url!r} is plain http: the API key would cross the network unencrypted. Use https://, "
            "a loopback host for the local emulator, or allow_insecure_http=True if that network is yours"
        )
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ValueError(f"max_response_size must be a positive int of bytes, got {max_size!r}")
    on_attempt = checked_hook(more.get("on_attempt"))
    defaults = checked_headers(more.get("default_headers"), {}, "default_headers")
    headers = {"Authorization": f"Bearer {api_key}", "User-Agent": USER_AGENT, "Accept": "application/json"}
    headers |= {"Accept-Encoding": ACCEPT_ENCODING, **defaults}
    query = merged({}, more.get("default_query"), "default_query")
    retry, timeout = RetryPolicy(max_retries), check_timeout(timeout)
    return Config(base_url.rstrip("/"), headers, timeout, retry, max_size, api_key, query, on_attempt)


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: only localhost is known not to leave the machine
        return False


class _BaseClient(Generic[H]):
    """What both clients share: their settings (and the read-only views of them), the httpx client they send with,
    and ``with_options``."""

    _config: Config
    _settings: dict[str, Any]  # as given, for with_options
    _http: ForkSafeClient[H]
    _closes: bool  # whether close() closes the httpx client: only one the SDK made, and not from a copy

    def _start(self, http_client: H | None, kind: type[H], timeout: TimeoutArg | Omit, **settings: Any) -> None:
        if http_client is not None and not isinstance(http_client, kind):
            raise TypeError(f"http_client must be an httpx.{kind.__name__}, got {type(http_client).__name__}")
        if isinstance(timeout, Omit):
            timeout = DEFAULT_TIMEOUT if http_client is None else http_client.timeout
        self._config = config = _config(timeout=timeout, **settings)
        self._settings, self._closes = settings, http_client is None
        if http_client is None:  # a client of our own carries the fixed headers, so no request merges them again
            make = functools.partial(self._new_http, config.timeout, config.headers)
            self._http, self._config = ForkSafeClient(make(), make, config.headers), config._replace(headers={})
        else:
            self._http = ForkSafeClient(http_client, None, {})

    def _new_http(self, timeout: TimeoutArg, headers: dict[str, str]) -> H:
        raise NotImplementedError

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        on_attempt: OnAttempt | None = None,
        allow_insecure_http: bool | None = None,
    ) -> Self:
        """A copy with other settings that shares this client's connections (closing the copy leaves them open).
        ``default_headers`` and ``default_query`` add to this client's; the rest replace its settings."""
        given = {"api_key": api_key, "base_url": base_url, "max_retries": max_retries, "on_attempt": on_attempt}
        given["allow_insecure_http"] = allow_insecure_http
        settings = {**self._settings, **{name: value for name, value in given.items() if value is not None}}
        for name, more in (("default_headers", default_headers), ("default_query", default_query)):
            if more is not None:  # checked by _config
                settings[name] = {**(settings.get(name) or {}), **more} if isinstance(more, Mapping) else more
        clone = object.__new__(type(self))
        config = _config(timeout=self.timeout if isinstance(timeout, Omit) else timeout, **settings)
        # headers the SDK's own httpx client sends already are not merged into each request again
        clone._config = config._replace(headers={}) if config.headers == self._http.headers else config
        clone._settings, clone._http, clone._closes = settings, self._http, False
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


def _step(steps: Generator[Send | float, Outcome, APIResponse[T]], outcome: Outcome) -> Send | float | APIResponse[T]:
    try:
        return steps.send(outcome)
    except StopIteration as done:
        result: APIResponse[T] = done.value
        return result


class Sendmux(_BaseClient[httpx.Client], Resources, Requests):
    """Client for the Sendmux webhooks API: ``client.webhooks.create(...)`` and friends.

    ``api_key`` falls back to ``SENDMUX_API_KEY``, ``base_url`` to ``SENDMUX_BASE_URL``, then production.
    ``timeout`` (default 30 s, 5 s to connect; with ``http_client``, its own) also bounds each attempt as a whole,
    so a call lasts at most ``(max_retries + 1) x timeout`` plus the waits between attempts. ``max_response_size``
    bounds each answer after decompression. ``http_client``: your own ``httpx.Client``, which the SDK never
    changes or closes; its transport then bounds the wait for headers, and the SDK the body; after ``os.fork()``
    the child must pass its own (a call raises ``SendmuxError``), while a pool the SDK made is replaced in the
    child. ``default_headers`` and ``default_query`` go with every call; ``on_attempt`` is called with an
    :class:`~sendmux.Attempt` after each attempt. ``request()`` calls any path. A plain ``http://`` base URL is
    refused unless its host is loopback (the emulator) or ``allow_insecure_http=True``. README: what is retried,
    what is sent.
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
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        on_attempt: OnAttempt | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._start(
            http_client,
            httpx.Client,
            timeout,
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            max_size=max_response_size,
            default_headers=default_headers,
            default_query=default_query,
            on_attempt=on_attempt,
            allow_insecure_http=allow_insecure_http,
        )

    def _new_http(self, timeout: TimeoutArg, headers: dict[str, str]) -> httpx.Client:
        return httpx.Client(timeout=timeout, headers=headers, transport=_deadline_transport())  # see the end

    def close(self) -> None:
        """Close the connections, unless the httpx client was passed in as ``http_client`` or this is a
        ``with_options`` copy."""
        if self._closes and not self._http.forked:
            self._http.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _request(self, call: Call[T]) -> APIResponse[T]:
        steps = run(call, self._config)
        step: Send | float | APIResponse[T] = next(steps)
        while isinstance(step, Send | float):
            if isinstance(step, float):
                _sleep(step)
            step = _step(steps, self._exchange(step) if isinstance(step, Send) else None)
        return step

    def _exchange(self, send: Send) -> httpx.Response | httpx.RequestError:
        http = self._http.for_this_process()
        request = send.build(http)
        deadline = None if send.deadline is None else time.monotonic() + send.deadline
        token = _DEADLINE.set(deadline)
        try:
            response = http.send(request, auth=_NO_AUTH, stream=True)
            if send.stream and response.is_success:
                return response  # its reader closes it
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


class AsyncSendmux(_BaseClient[httpx.AsyncClient], AsyncResources, AsyncRequests):
    """The asyncio (or trio) form of :class:`Sendmux`: the same settings and methods, awaitable; list methods
    return async iterators. ``http_client`` takes an ``httpx.AsyncClient``; each attempt's deadline holds whatever
    its transport. Use ``async with``, or ``await client.close()``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        on_attempt: OnAttempt | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._start(
            http_client,
            httpx.AsyncClient,
            timeout,
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            max_size=max_response_size,
            default_headers=default_headers,
            default_query=default_query,
            on_attempt=on_attempt,
            allow_insecure_http=allow_insecure_http,
        )

    def _new_http(self, timeout: TimeoutArg, headers: dict[str, str]) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout, headers=headers, verify=_tls())

    async def close(self) -> None:
        """Close the connections, unless the httpx client was passed in as ``http_client`` or this is a
        ``with_options`` copy."""
        if self._closes and not self._http.forked:
            await self._http.client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _request(self, call: Call[T]) -> APIResponse[T]:
        steps = run(call, self._config)
        step: Send | float | APIResponse[T] = next(steps)
        while isinstance(step, Send | float):
            if isinstance(step, float):
                await _async_sleep(step)
            step = _step(steps, await self._exchange(step) if isinstance(step, Send) else None)
        return step

    async def _exchange(self, send: Send) -> httpx.Response | httpx.RequestError:
        import anyio

        http = self._http.for_this_process()
        request = send.build(http)
        try:
            with anyio.fail_after(send.deadline):
                response = await http.send(request, auth=_NO_AUTH, stream=True)
                if send.stream and response.is_success:
                    return response  # its reader closes it
                try:
                    body = BoundedBody(response, send.max_size)
                    async for chunk in _once(response.content) if response.is_stream_consumed else response.aiter_raw():
                        body.feed(chunk)
                    return body.finish()
                finally:
                    await response.aclose()
        except TimeoutError:
            return _past_deadline(request)
        except httpx.RequestError as exc:
            return exc


async def _once(content: bytes) -> AsyncIterator[bytes]:  # a body a transport read already (httpx.MockTransport)
    yield content


# The sync deadline. asyncio and trio can cancel a read; a blocking socket read cannot be cancelled, so the sync
# client the SDK makes gives every socket operation only what is left of the attempt's time.

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("sendmux_deadline", default=None)
_BOUNDED = frozenset({"connect_tcp", "connect_unix_socket", "start_tls", "read", "write"})


def _past_deadline(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("the answer did not arrive in full within the attempt's timeout", request=request)


@functools.cache
def _tls() -> ssl.SSLContext:  # httpx's default (certifi, or SSL_CERT_FILE), whose CA file takes ~20 ms to read:
    return httpx.create_ssl_context()  # once a process, shared by every client the SDK makes


def _deadline_transport() -> httpx.HTTPTransport:
    """httpx's transport, its sockets bounded by ``_DEADLINE``, through the pool's private ``_network_backend``; if
    a future httpx moves that, the transport stays as it is and only the body's chunks are checked."""
    transport = httpx.HTTPTransport(verify=_tls())
    pool = getattr(transport, "_pool", None)
    if hasattr(pool, "_network_backend"):
        pool._network_backend = _Bounded(pool._network_backend)  # type: ignore[union-attr]
    return transport


class _Bounded:
    """An httpcore network backend or stream, each of whose calls gets only what is left of the deadline."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)
        if name not in _BOUNDED:
            return method

        def bounded(*args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
            deadline = _DEADLINE.get()
            if deadline is not None:
                left = max(deadline - time.monotonic(), 0.001)
                timeout = left if timeout is None else min(timeout, left)
            result = method(*args, timeout=timeout, **kwargs)
            return result if name in ("read", "write") else _Bounded(result)  # a new stream: bounded too

        setattr(self, name, bounded)  # a kept-alive connection's stream reads many times
        return bounded
