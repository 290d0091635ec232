"""``Sendmux`` and ``AsyncSendmux``: they hold the settings and the connection pool, and only do I/O.

What a call does (request building, retries, idempotency, reading answers) lives in :mod:`sendmux._core`
and is shared by both; the clients send the requests it asks for and sleep when it says so.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, Generic, Self, TypeVar

import httpx

from ._core import Config, Sleep, TimeoutArg, check_timeout, make_config, run
from ._logging import configure_from_env
from ._omit import OMIT, Omit
from ._resources import AsyncResources, Resources  # generated: generated/sendmux/_resources
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._core import Call
    from ._response import APIResponse

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "AsyncSendmux", "Sendmux"]

T = TypeVar("T")
H = TypeVar("H", httpx.Client, httpx.AsyncClient)

DEFAULT_BASE_URL = "https://app.sendmux.ai/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2

# Sent as each request's auth: a no-op, so neither a supplied client's auth nor credentials in a URL can
# replace the Authorization header the SDK sets.
_NO_AUTH = httpx.Auth()

# Looked up at call time, so tests can replace them.
_sleep = time.sleep


async def _async_sleep(seconds: float) -> None:
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # not asyncio: httpx's other backend is trio
        import importlib

        await importlib.import_module("trio").sleep(seconds)
        return
    await asyncio.sleep(seconds)


configure_from_env()


def _config(
    api_key: str | None,
    base_url: str | None,
    timeout: TimeoutArg | Omit,
    max_retries: int,
    http_client: httpx.Client | httpx.AsyncClient | None,
) -> Config:
    if isinstance(timeout, Omit):
        timeout = http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
    if base_url is None:
        base_url = os.environ.get("SENDMUX_BASE_URL")
        if base_url is not None and not base_url.strip():  # an empty setting must not quietly mean production
            raise ValueError(f"SENDMUX_BASE_URL is set but empty: unset it to use {DEFAULT_BASE_URL}")
    elif not base_url:
        raise ValueError(f"base_url is empty: pass None to use SENDMUX_BASE_URL or {DEFAULT_BASE_URL}")
    return make_config(
        api_key=api_key if api_key is not None else os.environ.get("SENDMUX_API_KEY", ""),
        base_url=base_url or DEFAULT_BASE_URL,
        timeout=timeout,
        max_retries=max_retries,
    )


def _with_options(config: Config, max_retries: int | None, timeout: TimeoutArg | Omit) -> Config:
    return Config(
        config.base_url,
        config.headers,
        config.timeout if isinstance(timeout, Omit) else check_timeout(timeout),
        config.retry if max_retries is None else RetryPolicy(max_retries),
    )


class _ClientSettings(Generic[H]):
    """What both clients share: their settings, ``with_options`` and the read-only views of them."""

    _config: Config
    _http: H
    _owns_http: bool

    def _start(
        self,
        http_type: type[H],
        http_client: H | None,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutArg | Omit,
        max_retries: int,
    ) -> None:
        if http_client is not None and not isinstance(http_client, http_type):
            raise TypeError(f"http_client must be an httpx.{http_type.__name__}, got {type(http_client).__name__}")
        config = _config(api_key, base_url, timeout, max_retries, http_client)
        owned = http_client is None
        self._setup(config, http_type(timeout=config.timeout) if http_client is None else http_client, owned)

    def _setup(self, config: Config, http: H, owns_http: bool) -> None:
        self._config = config
        self._http = http
        self._owns_http = owns_http

    def with_options(self, *, max_retries: int | None = None, timeout: TimeoutArg | Omit = OMIT) -> Self:
        """A copy with other retry/timeout settings that shares this client's connection pool.

        Closing the copy does not close the pool; close the original when done.
        """
        clone = object.__new__(type(self))
        clone._setup(_with_options(self._config, max_retries, timeout), self._http, False)
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


class Sendmux(_ClientSettings[httpx.Client], Resources):
    """Client for the Sendmux webhooks API: ``client.webhooks.create(...)`` and friends.

    ``api_key`` falls back to ``SENDMUX_API_KEY`` and ``base_url`` to ``SENDMUX_BASE_URL``, then
    ``https://app.sendmux.ai/api/v1``; without a key the constructor raises :class:`~sendmux.SendmuxError`.
    ``timeout`` is seconds or an ``httpx.Timeout`` (default 30 s, 5 s to connect; with ``http_client``, that
    client's own timeout). ``max_retries`` (default 2) is how many times a failed call is retried: after
    connection errors, timeouts and 408/429/500/502/503/504 answers, never after an error whose body says
    ``retryable: false``; ``Retry-After`` up to 60 s is honoured, a longer one is raised at once.

    ``http_client`` takes your own ``httpx.Client`` (proxies, transport, limits, TLS). The SDK never changes
    it; on each request it sends through it, the SDK sets the absolute URL (``base_url`` + the operation's
    path), the timeout above, and the headers ``Authorization: Bearer <api_key>``,
    ``User-Agent: sendmux-python/<version> (api <API version>)``, ``Accept: application/json`` and, where the
    operation has them, ``Content-Type``, ``Idempotency-Key``, ``If-Match`` and ``If-None-Match`` (these win
    over your client's default headers of the same name). Your client's ``auth`` is not used, so the key above
    is what the API sees. Everything else of your client still applies: its other default headers, default
    query ``params``, cookies, event hooks, transport. :meth:`close` leaves a client you passed in open.

    Use as a context manager, or call :meth:`close`, to release the connection pool.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._start(httpx.Client, http_client, api_key, base_url, timeout, max_retries)

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
        http = self._http
        try:
            step = next(steps)
            while True:
                if isinstance(step, Sleep):
                    _sleep(step.seconds)
                    step = steps.send(None)
                    continue
                try:
                    response = http.send(step.build(http), auth=_NO_AUTH)
                except httpx.RequestError as exc:
                    step = steps.send(exc)
                    continue
                step = steps.send(response)
        except StopIteration as done:
            result: APIResponse[T] = done.value
            return result


class AsyncSendmux(_ClientSettings[httpx.AsyncClient], AsyncResources):
    """The asyncio (or trio) form of :class:`Sendmux`: the same settings, the same methods, awaitable.

    List methods return async iterators (``async for hook in client.webhooks.list()``). ``http_client``
    takes an ``httpx.AsyncClient``, treated exactly as :class:`Sendmux` treats its ``httpx.Client``. Use
    ``async with``, or ``await client.close()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._start(httpx.AsyncClient, http_client, api_key, base_url, timeout, max_retries)

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
        http = self._http
        try:
            step = next(steps)
            while True:
                if isinstance(step, Sleep):
                    await _async_sleep(step.seconds)
                    step = steps.send(None)
                    continue
                try:
                    response = await http.send(step.build(http), auth=_NO_AUTH)
                except httpx.RequestError as exc:
                    step = steps.send(exc)
                    continue
                step = steps.send(response)
        except StopIteration as done:
            result: APIResponse[T] = done.value
            return result
