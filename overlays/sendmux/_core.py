"""The one implementation of a call, shared by ``Sendmux`` and ``AsyncSendmux``: no I/O, no sleeping. :func:`run`
yields a :class:`Send` (pass back the read ``httpx.Response`` or the ``httpx.RequestError``) or seconds to sleep,
and returns the :class:`~sendmux.APIResponse` or raises the typed error; the clients only drive it."""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, NamedTuple, TypeVar

import httpx

from ._envelope import Reads, error_from_response, parse_data
from ._logging import logger
from ._omit import OMIT, Omit
from ._on_attempt import OnAttempt, report
from ._response import APIResponse, request_id_of
from ._retry import RetryPolicy, may_have_reached_server
from .errors import APIConnectionError, APIError, APITimeoutError, SendmuxError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

TimeoutArg = float | httpx.Timeout | None
# Statuses after which the failed attempt may still have changed something on the server.
_MAY_HAVE_APPLIED = frozenset({500, 502, 504})
# Headers the SDK sets itself; extra_headers may not replace them, nor the operation's own header arguments.
_MANAGED_HEADERS = frozenset({"authorization", "content-length", "content-type", "host", "accept-encoding"})
_WARN_AFTER = 5.0  # seconds: a longer wait before a retry is logged at WARNING
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # what an HTTP header name may hold


class Config(NamedTuple):
    """Everything a call needs from its client."""

    base_url: str
    headers: dict[str, str]
    timeout: TimeoutArg
    retry: RetryPolicy
    max_response_size: int
    api_key: str  # never shown: taken out of any error text that quotes a header
    query: Mapping[str, Any]  # default_query: sent with every call
    on_attempt: OnAttempt | None


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


def attempt_deadline(timeout: TimeoutArg) -> float | None:
    """How long one attempt may take, from sending to the answer's last byte: the largest part of the timeout."""
    if not isinstance(timeout, httpx.Timeout):
        return timeout
    parts = [value for value in timeout.as_dict().values() if value is not None]
    return max(parts) if parts else None


class CallOptions(NamedTuple):
    """The per-call options every generated method takes (each resource class documents them)."""

    timeout: TimeoutArg | Omit = OMIT
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
    max_retries: int | None = None

    def for_read(self) -> CallOptions:
        """The options of the read that follows a write (its recheck): the same, less the extra query and body."""
        return self._replace(extra_query=None, extra_body=None)


@dataclass(frozen=True, slots=True)
class Call(Generic[T_co]):
    """One operation as the generated layer builds it; :meth:`build` makes one from the arguments, checked.
    ``on_not_modified``: the data of a 304. ``on_gone``: a DELETE's data when its retry finds the resource gone.
    ``recheck``: the read that tells whether a conditional write applied after a lost answer. ``retry``: the
    call's own ``max_retries`` (``None``: the client's)."""

    method: str
    path: str
    parse: Callable[[Any], T_co]
    params: dict[str, Any] | None
    json: Any
    headers: dict[str, str]
    timeout: TimeoutArg | Omit
    retry: RetryPolicy | None
    reads: Reads = Reads.JSON
    on_not_modified: Callable[[], T_co] | None = None
    on_gone: Callable[[], T_co] | None = None
    recheck: Call[Any] | None = None

    @staticmethod
    def build(
        method: str,
        path: str,
        parse: Callable[[Any], T],
        options: CallOptions,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str | None] | None = None,
        reads: Reads = Reads.JSON,
        on_not_modified: Callable[[], T] | None = None,
        on_gone: Callable[[], T] | None = None,
        recheck: Call[Any] | None = None,
    ) -> Call[T]:
        """The call, with the per-call options checked: a bad ``timeout``, ``extra_*`` or ``max_retries`` raises
        here, before anything is sent. ``extra_query`` and ``extra_body`` add to what the operation sends (a name
        it sets is refused); a header left ``None`` is not sent."""
        if options.extra_body is not None and json is None and method in ("GET", "HEAD"):
            raise ValueError(f"extra_body: a {method} request sends no body")
        params = merged(params, options.extra_query, "extra_query")
        json = merged(json, options.extra_body, "extra_body")
        own = {name: value for name, value in (headers or {}).items() if value is not None}
        sent = {**checked_headers(options.extra_headers, headers or {}, "extra_headers"), **own}
        timeout = options.timeout if isinstance(options.timeout, Omit) else check_timeout(options.timeout)
        retry = None if options.max_retries is None else RetryPolicy(options.max_retries)
        return Call(method, path, parse, params, json, sent, timeout, retry, reads, on_not_modified, on_gone, recheck)

    def with_cursor(self, cursor: str | None) -> Call[T_co]:
        """The same call for another page of a list."""
        return replace(self, params={**(self.params or {}), "cursor": cursor}) if cursor else self


def merged(own: Any, extra: Mapping[str, Any] | None, what: str) -> Any:
    """``own`` (the operation's query or JSON body) with the names of ``extra`` added; a name both set is refused."""
    if extra is None:
        return own
    if not isinstance(extra, Mapping) or not all(isinstance(name, str) for name in extra):
        raise TypeError(f"{what} must be a mapping of str names to values, got {type(extra).__name__}")
    if own is not None and not isinstance(own, dict):
        raise TypeError(f"{what} needs a JSON object body, and this call sends a {type(own).__name__}")
    if clash := sorted(set(extra) & set(own or ())):
        raise ValueError(f"{what} must not set {clash[0]!r}: the call sets it (pass it as its argument)")
    return {**(own or {}), **extra}


def checked_headers(extra: Mapping[str, str] | None, args: Mapping[str, str | None], what: str) -> dict[str, str]:
    """``extra`` (``what``: ``extra_headers`` or ``default_headers``), refused if it sets a header of ``args``."""
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise TypeError(f"{what} must be a mapping of header names to values, got {type(extra).__name__}")
    own = {name.lower(): name for name in args}
    for name, value in extra.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"{what} must map str to str, got {name!r}: {type(value).__name__}")
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"{what} has {name!r}, which is not a header name")
        if not (value.isascii() and value.isprintable()):
            raise ValueError(f"{what}[{name!r}] must be printable ASCII (it is sent as a header)")
        if name.lower() in own:
            raise ValueError(f"{what} must not set {own[name.lower()]}: pass it as its argument")
        if name.lower() in _MANAGED_HEADERS:
            raise ValueError(f"{what} must not set {name}: the SDK sets it")
    return dict(extra)


class SyncRequester:
    """What a resource needs from its client; ``Sendmux`` implements it."""

    def _request(self, call: Call[T]) -> APIResponse[T]:
        raise NotImplementedError


class AsyncRequester:
    """What an async resource needs from its client; ``AsyncSendmux`` implements it."""

    async def _request(self, call: Call[T]) -> APIResponse[T]:
        raise NotImplementedError


class Send(NamedTuple):
    """Step: send this request and read its answer, all within ``deadline`` seconds and ``max_size`` bytes."""

    method: str
    url: str
    params: dict[str, Any] | None
    json: Any
    headers: dict[str, str]
    timeout: TimeoutArg
    deadline: float | None
    max_size: int
    stream: bool  # a success answer is left unread, for its reader to read and close (Reads.STREAM)

    @classmethod
    def of(cls, call: Call[Any], config: Config) -> Send:
        timeout = config.timeout if isinstance(call.timeout, Omit) else call.timeout
        url, headers, size = config.base_url + call.path, {**config.headers, **call.headers}, config.max_response_size
        params = {**config.query, **(call.params or {})} if config.query else call.params
        deadline, stream = attempt_deadline(timeout), call.reads is Reads.STREAM
        return cls(call.method, url, params, call.json, headers, timeout, deadline, size, stream)

    def build(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The request, built by ``client`` so that its own default headers, params and cookies still apply."""
        return client.build_request(
            self.method, self.url, params=self.params, json=self.json, headers=self.headers, timeout=self.timeout
        )


Outcome = httpx.Response | httpx.RequestError | None


def run(call: Call[T], config: Config) -> Generator[Send | float, Outcome, APIResponse[T]]:
    """Send ``call``, retrying as ``config.retry`` (or the call's ``max_retries``) allows (README: what is retried),
    and return its answer or raise the typed error. Every attempt sends the same headers, so the same
    ``Idempotency-Key``. After an attempt that may have acted: a DELETE that finds the resource gone succeeds, and a
    conditional write that gets a 409 reads the resource and succeeds if it already holds what was sent. Each
    attempt and its retry decision go to ``config.on_attempt``."""
    send = Send.of(call, config)
    policy, tell = call.retry or config.retry, functools.partial(report, config.on_attempt, send.method, send.url)
    retries = 0
    may_have_applied = False  # an earlier attempt may have reached the server and acted
    debug = logger.isEnabledFor(logging.DEBUG)
    while True:
        if debug:
            logger.debug("%s %s (attempt %d)", send.method, send.url, retries + 1)
        outcome = yield send
        cause: BaseException | None = None
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            if debug:
                logger.debug("%s %s -> %d, request_id=%s", send.method, send.url, status, request_id_of(outcome))
            if 200 <= status < 300 or (status == 304 and call.on_not_modified is not None):
                tell(retries, outcome, None, None)
                unchanged = call.on_not_modified if status == 304 else None
                data = parse_data(outcome, call.parse, call.reads) if unchanged is None else unchanged()
                return APIResponse(data, outcome, retries)
            api_error = error_from_response(outcome, f"{call.method} {call.path}" if status == 404 else None)
            if may_have_applied and status == 404 and call.on_gone is not None and api_error.code == "not_found":
                logger.info("%s %s -> 404 after an attempt that may have applied: already done", send.method, send.url)
                tell(retries, outcome, "404 not_found after an attempt that may have applied", None)
                return APIResponse(call.on_gone(), outcome, retries)
            if may_have_applied and status == 409 and call.recheck is not None and api_error.code == "conflict":
                tell(retries, outcome, "409 conflict after an attempt that may have applied", None)
                try:  # one read of the resource, retried like any call
                    read: APIResponse[Any] = yield from run(call.recheck, config)
                except SendmuxError as unknown:  # whether the write applied is not known: say that, not "conflict"
                    raise unknown from api_error
                if _holds(_as_json(read.data), call.json):
                    logger.info("%s %s -> 409, but an earlier attempt applied it", send.method, send.url)
                    return APIResponse(read.data, read.http_response, retries)
                raise api_error
            in_flight = retries > 0 and api_error.code == "idempotency_conflict"
            delay = policy.delay_after_error(retries, api_error, in_flight_conflict=in_flight)
            may_have_applied = may_have_applied or status in _MAY_HAVE_APPLIED
            error: SendmuxError = api_error
        elif isinstance(outcome, httpx.RequestError):
            error = _connection_error(send, outcome, config.api_key)
            delay = policy.delay_after_transport_error(retries, outcome)
            may_have_applied = may_have_applied or may_have_reached_server(outcome)
            cause = outcome
        else:
            raise TypeError(f"run() expects an httpx.Response or httpx.RequestError, got {outcome!r}")
        reason = "the rate limit" if isinstance(error, APIError) and error.status_code == 429 else _describe(error)
        tell(retries, outcome, reason, delay)
        if delay is None:
            raise error from cause
        retries += 1
        level = logging.WARNING if delay > _WARN_AFTER else logging.INFO
        what = "retrying %s %s in %.1f s after %s (retry %d of %d)"
        logger.log(level, what, send.method, send.url, delay, reason, retries, policy.max_retries)
        yield delay


def _as_json(value: Any) -> Any:
    return value.to_dict() if callable(getattr(value, "to_dict", None)) else value


def _holds(current: Any, sent: Any) -> bool:
    """Whether ``current`` (a resource as read) already holds every field of ``sent`` (a write's body). Lists
    compare without repeats, as the API stores them."""
    if isinstance(sent, dict):
        return isinstance(current, dict) and all(k in current and _holds(current[k], v) for k, v in sent.items())
    if isinstance(sent, list):
        return bool(current == [v for i, v in enumerate(sent) if v not in sent[:i]])
    return bool(current == sent)


def _connection_error(send: Send, exc: httpx.RequestError, api_key: str) -> APIConnectionError:
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if api_key in detail:  # h11 quotes a header it refuses; the key must not reach logs or tracebacks
        detail = detail.replace(api_key, "[redacted]")
    return cls(f"{send.method} {send.url} failed: {detail}")


def _describe(error: SendmuxError) -> str:
    if isinstance(error, APIError):
        return f"{error.status_code} {error.code or ''}".rstrip()
    return type(error).__name__
