"""What every API request goes through before and after its operation's handler.

Order: rate limit (429, per presented key) → unknown route (404) → authentication (401) → injected
fault (500/503/429, or drop after the work is done) → permission (403) → body size (413) →
``Idempotency-Key`` characters (400) → idempotency (409 or replay) → validation against openapi.yaml
(400/422) → handler. Every answer gets
``X-Request-Id``, the ``X-RateLimit-*`` headers and ``Cache-Control: no-store``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from .._spec.replies import Issue, Reply, dump_json, error
from .._state.ids import new_id
from .auth import AuthFailure, Principal, authenticate, bearer_token
from .faults import DropConnection, fault_reply
from .idempotency import key_problem
from .ratelimit import RateState
from .runtime import Emulator
from .validation import Rejection, Valid, check_request

__all__ = ["MAX_BODY_BYTES", "ApiHandler", "IncomingCall", "ServedOperation", "api_endpoint", "render"]

MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class IncomingCall:
    """One validated API request, as a handler sees it."""

    emulator: Emulator
    principal: Principal
    request_id: str
    path_params: Mapping[str, str]
    query: Mapping[str, Any]
    headers: Headers
    body: Any

    @property
    def team(self) -> str:
        return self.principal.team


ApiHandler = Callable[[IncomingCall], Reply]


@dataclass(frozen=True)
class ServedOperation:
    """One operation of openapi.yaml and the handler that implements it."""

    operation_id: str
    method: str
    template: str
    permission: str | None  # what the spec says it needs; None: any full key may call it
    handler: ApiHandler
    idempotent: bool = False
    has_body: bool = False


class _PayloadTooLarge(Exception):
    pass


def render(reply: Reply, rate: RateState | None = None) -> Response:
    """The HTTP response for a reply; 304 and other body-less replies carry no Content-Type."""
    headers = dict(reply.headers)
    headers["X-Request-Id"] = reply.request_id
    if rate is not None:
        headers.update(rate.headers())
    headers["Cache-Control"] = "no-store"
    if reply.text is not None:
        return Response(reply.text, status_code=reply.status, headers=headers, media_type=reply.media_type)
    if reply.body is None:
        return Response(status_code=reply.status, headers=headers)
    return Response(dump_json(reply.body), status_code=reply.status, headers=headers, media_type="application/json")


def api_endpoint(operation: ServedOperation | None) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint running the pipeline; ``None`` answers 404 for a path the API does not have."""

    async def endpoint(request: Request) -> Response:
        emulator: Emulator = request.app.state.emulator
        request_id = new_id("req")
        rate = emulator.rate_limiter.hit(bearer_token(request.headers.get("authorization")) or "anonymous")
        if rate.exceeded:
            headers = {"Retry-After": str(rate.retry_after)}
            message = f"Rate limit of {rate.limit} requests per 60 seconds exceeded."
            return render(error("rate_limit_exceeded", message, request_id, headers=headers), rate)
        if operation is None:
            message = f"No route {request.method} {request.url.path}."
            return render(error("not_found", message, request_id), rate)
        principal = authenticate(emulator.config, request.headers.get("authorization"))
        if isinstance(principal, AuthFailure):
            return render(error("authentication_required", principal.message, request_id), rate)
        fault = emulator.faults.draw()
        if fault is not None and fault != "drop":
            return render(fault_reply(fault, request_id), rate)
        if not principal.may(operation.permission, operation.method):
            needed = operation.permission or f"a role that may call {operation.method.upper()} {operation.template}"
            message = f"This key lacks {needed}."
            return render(error("insufficient_permissions", message, request_id), rate)
        try:
            reply = await _run(emulator, operation, principal, request, request_id)
        except _PayloadTooLarge:
            message = f"Request body is larger than {MAX_BODY_BYTES} bytes."
            reply = error("payload_too_large", message, request_id)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        if fault == "drop":
            return DropConnection()
        return render(reply, rate)

    return endpoint


async def _run(
    emulator: Emulator, operation: ServedOperation, principal: Principal, request: Request, request_id: str
) -> Reply:
    declared = request.headers.get("content-length", "")
    if operation.has_body and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _PayloadTooLarge

    async def read_body() -> bytes | None:
        if not operation.has_body:
            return None
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise _PayloadTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    verdict: Valid | Rejection | None = None

    async def read_and_check() -> bytes | None:
        """The body, checked with the rest of the request (`verdict`): awaited, so that the first request to need
        openapi-core waits for it off the event loop (`check_request`)."""
        nonlocal verdict
        body = await read_body()
        verdict = await check_request(
            method=operation.method,
            template=operation.template,
            path=request.url.path,
            path_params=request.path_params,
            query=request.query_params.multi_items(),
            headers=request.headers.items(),
            body=body,
            content_type=request.headers.get("content-type"),
        )
        return body

    def execute(body: bytes | None) -> Reply:
        assert verdict is not None, "execute runs after read_and_check"
        if isinstance(verdict, Rejection):
            return error(verdict.code, verdict.message, request_id, param=verdict.param, issues=verdict.issues)
        call = IncomingCall(
            emulator=emulator,
            principal=principal,
            request_id=request_id,
            path_params=request.path_params,
            query=verdict.query,
            headers=request.headers,
            body=verdict.body,
        )
        return operation.handler(call)

    key = request.headers.get("idempotency-key") if operation.idempotent else None
    problem = key_problem(key) if key is not None else None
    if problem is not None:  # before anything is read or claimed: such a key can name nothing
        issue = Issue("Idempotency-Key", "invalid_string", problem)
        return error("invalid_parameter", "Invalid request parameters.", request_id, param=issue.field, issues=[issue])
    if key is not None and 1 <= len(key) <= 255:
        scope = (principal.team, f"{operation.method.upper()} {operation.template}", key)
        return await emulator.idempotency.run(scope, request.url.path, read_and_check, execute, request_id)
    return execute(await read_and_check())
