"""The one implementation of a call, shared by ``Sendmux`` and ``AsyncSendmux``: no I/O, no sleeping.

:func:`run` is a generator that yields what to do next, a :class:`Send` (send this request, pass back the
``httpx.Response`` or the ``httpx.RequestError``) or a :class:`Sleep`, and finally returns the
:class:`~sendmux.APIResponse` or raises the typed error. The sync and async clients only drive it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Generator, Mapping
from typing import Any, Generic, TypeVar

import httpx

from ._envelope import error_from_response, parse_data
from ._logging import logger
from ._omit import Omit
from ._response import APIResponse
from ._retry import RetryPolicy, may_have_reached_server
from ._version import API_VERSION, __version__
from .errors import APIConnectionError, APIError, APITimeoutError, SendmuxError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

TimeoutArg = float | httpx.Timeout | None
USER_AGENT = f"sendmux-python/{__version__} (api {API_VERSION})"
# Statuses after which the failed attempt may still have changed something on the server.
_MAY_HAVE_APPLIED = frozenset({500, 502, 504})


class Config:
    """Everything a call needs from its client: absolute base URL, fixed headers, timeout, retry policy."""

    __slots__ = ("base_url", "headers", "retry", "timeout")

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        timeout: TimeoutArg,
        retry: RetryPolicy,
    ) -> None:
        self.base_url = base_url
        self.headers = headers
        self.timeout = timeout
        self.retry = retry


def _seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be seconds (a number), an httpx.Timeout or None, got {type(value).__name__}")
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float
        seconds = math.inf
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{what} must be a finite number of seconds above 0, got {value!r}")
    return seconds


def check_timeout(timeout: object) -> TimeoutArg:
    """``timeout`` if it is seconds above 0, an ``httpx.Timeout`` (or httpx's 4-tuple) whose parts are, or
    ``None`` (wait forever); otherwise an error naming the problem."""
    if timeout is None:
        return None
    if isinstance(timeout, tuple):
        try:
            timeout = httpx.Timeout(timeout)
        except (TypeError, ValueError, IndexError):
            raise TypeError("a timeout tuple must be (connect, read, write, pool) in seconds") from None
    if isinstance(timeout, httpx.Timeout):
        for part, value in timeout.as_dict().items():
            if value is not None:
                _seconds(value, f"timeout's {part}")
        return timeout
    return _seconds(timeout, "timeout")


def make_config(*, api_key: str, base_url: str, timeout: TimeoutArg, max_retries: int) -> Config:
    """Check the client's settings and fix the headers every request carries."""
    if api_key is not None and not isinstance(api_key, str):
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
    headers = {"Authorization": f"Bearer {api_key}", "User-Agent": USER_AGENT, "Accept": "application/json"}
    return Config(base_url.rstrip("/"), headers, check_timeout(timeout), RetryPolicy(max_retries))


# Headers the SDK sets itself: extra_headers may not replace them (the operation's own header arguments
# are refused the same way, naming the argument to use instead).
_MANAGED_HEADERS = frozenset({"authorization", "content-length", "content-type", "host"})


class Call(Generic[T_co]):
    """One operation to send, as the generated layer builds it: request parts, per-call options, and how to read
    its success answer. ``on_not_modified``: a 304 is a success whose data this returns. ``on_gone``: for a
    DELETE, the data to return when a retry finds the resource already gone (an earlier attempt deleted it).

    Raises ``ValueError``/``TypeError`` for a bad ``timeout`` or ``extra_headers``, before anything is sent.
    """

    __slots__ = ("headers", "json", "method", "on_gone", "on_not_modified", "params", "parse", "path", "timeout")

    def __init__(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T_co],
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str | None] | None = None,
        timeout: TimeoutArg | Omit,
        extra_headers: Mapping[str, str] | None,
        on_not_modified: Callable[[], T_co] | None = None,
        on_gone: Callable[[], T_co] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.parse = parse
        self.params = params
        self.json = json
        own = {name: value for name, value in (headers or {}).items() if value is not None}
        self.headers = {**_extra_headers(extra_headers, headers or {}), **own}
        self.timeout = timeout if isinstance(timeout, Omit) else check_timeout(timeout)
        self.on_not_modified = on_not_modified
        self.on_gone = on_gone

    def with_cursor(self, cursor: str | None) -> Call[T_co]:
        """The same call for another page of a list."""
        page = object.__new__(Call)
        for name in Call.__slots__:
            setattr(page, name, getattr(self, name))
        page.params = {**(self.params or {}), "cursor": cursor} if cursor else self.params
        return page


def _extra_headers(extra: Mapping[str, str] | None, arguments: Mapping[str, str | None]) -> dict[str, str]:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise TypeError(f"extra_headers must be a mapping of header names to values, got {type(extra).__name__}")
    own = {name.lower(): name for name in arguments}
    for name, value in extra.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"extra_headers must map str to str, got {name!r}: {type(value).__name__}")
        if not name or not (name.isascii() and name.isprintable()) or any(c in name for c in ' :"(),/;<=>?@[]{}\\'):
            raise ValueError(f"extra_headers has {name!r}, which is not a header name")
        if not (value.isascii() and value.isprintable()):
            raise ValueError(f"extra_headers[{name!r}] must be printable ASCII (it is sent as a header)")
        lowered = name.lower()
        if lowered in own:
            raise ValueError(f"extra_headers must not set {own[lowered]}: pass it as its argument")
        if lowered in _MANAGED_HEADERS:
            raise ValueError(f"extra_headers must not set {name}: the SDK sets it")
    return dict(extra)


class SyncRequester:
    """What a resource needs from its client: ``Sendmux`` implements ``_request``."""

    def _request(self, call: Call[T]) -> APIResponse[T]:
        raise NotImplementedError


class AsyncRequester:
    """What an async resource needs from its client: ``AsyncSendmux`` implements ``_request``."""

    async def _request(self, call: Call[T]) -> APIResponse[T]:
        raise NotImplementedError


class Send:
    """Step: send this request (built afresh for every attempt) and pass back what came of it."""

    __slots__ = ("headers", "json", "method", "params", "timeout", "url")

    def __init__(self, call: Call[Any], config: Config) -> None:
        self.method = call.method
        self.url = config.base_url + call.path
        self.params = call.params
        self.json = call.json
        self.headers = {**config.headers, **call.headers} if call.headers else config.headers
        self.timeout = config.timeout if isinstance(call.timeout, Omit) else call.timeout

    def build(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The request, built by ``client`` so that its own default headers, params and cookies still apply.

        The shells send it with a no-op ``httpx.Auth()``: a supplied client's ``auth`` would replace the Bearer
        key."""
        return client.build_request(
            self.method, self.url, params=self.params, json=self.json, headers=self.headers, timeout=self.timeout
        )


class Sleep:
    """Step: wait this many seconds, then pass back ``None``."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


Step = Send | Sleep
Outcome = httpx.Response | httpx.RequestError | None


def run(call: Call[T], config: Config) -> Generator[Step, Outcome, APIResponse[T]]:
    """Send ``call``, retrying as ``config.retry`` allows, and return its answer or raise the typed error.

    Retried: connection failures and timeouts; 408, 429, 500, 502, 503 and 504 unless the body says
    ``retryable: false``; a 409 ``idempotency_conflict`` on any attempt but the first, as issue 4 asks: this
    call sends the same key and body every time, so the conflict is most likely a request with that key still
    running (ours, or a twin's whose stored answer the retry will get). If instead the caller's key was used
    before for another request and the first attempt never reached the server, the retries cannot help and
    the error is raised when the budget is spent. Every attempt sends the same headers, so the same
    ``Idempotency-Key``. A DELETE that finds the resource gone after an attempt that may have reached the
    server succeeds.
    """
    send = Send(call, config)
    policy = config.retry
    retries = 0
    landed = False  # an earlier attempt may have reached the server and acted
    debug = logger.isEnabledFor(logging.DEBUG)
    while True:
        if debug:
            logger.debug("%s %s (attempt %d)", send.method, send.url, retries + 1)
        outcome = yield send
        cause: BaseException | None = None
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            if debug:
                logger.debug("%s %s -> %d, request_id=%s", send.method, send.url, status, _request_id(outcome))
            if 200 <= status < 300:
                return APIResponse(parse_data(outcome, call.parse), outcome, retries)
            if status == 304 and call.on_not_modified is not None:
                return APIResponse(call.on_not_modified(), outcome, retries)
            api_error = error_from_response(outcome)
            if status == 404 and landed and call.on_gone is not None and api_error.code == "not_found":
                logger.info("%s %s -> 404 after an attempt that may have applied: already done", send.method, send.url)
                return APIResponse(call.on_gone(), outcome, retries)
            in_flight = retries > 0 and api_error.code == "idempotency_conflict"
            delay = policy.delay_after_error(retries, api_error, in_flight_conflict=in_flight)
            landed = landed or status in _MAY_HAVE_APPLIED
            error: SendmuxError = api_error
        elif isinstance(outcome, httpx.RequestError):
            error = _connection_error(send, outcome)
            delay = policy.delay_after_transport_error(retries, outcome)
            landed = landed or may_have_reached_server(outcome)
            cause = outcome
        else:
            raise TypeError(f"run() expects an httpx.Response or httpx.RequestError, got {outcome!r}")
        if delay is None:
            if debug:
                logger.debug("%s %s failed: %s", send.method, send.url, error)
            raise error from cause
        retries += 1
        logger.info(
            "retrying %s %s in %.2fs after %s (retry %d of %d)",
            send.method,
            send.url,
            delay,
            _describe(error),
            retries,
            policy.max_retries,
        )
        yield Sleep(delay)


def _connection_error(send: Send, exc: httpx.RequestError) -> APIConnectionError:
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    token = send.headers.get("Authorization", "").removeprefix("Bearer ")
    if token and token in detail:  # h11 quotes a header it refuses; the key must not reach logs or tracebacks
        detail = detail.replace(token, "[redacted]")
    return cls(f"{send.method} {send.url} failed: {detail}")


def _describe(error: SendmuxError) -> str:
    if isinstance(error, APIError):
        return f"{error.status_code} {error.code or ''}".rstrip()
    return type(error).__name__


def _request_id(response: httpx.Response) -> str | None:
    value: str | None = response.headers.get("x-request-id")
    return value
