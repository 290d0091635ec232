"""Mounting a ``WebhookRouter`` on Starlette or FastAPI (the ``starlette`` or ``fastapi`` extra)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ._extras import missing_extra
from ._router import Answer, WebhookRouter

try:
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import PlainTextResponse, Response
except ImportError as exc:
    raise missing_extra("starlette", "starlette", exc) from exc

__all__ = ["webhook_endpoint"]


def webhook_endpoint(router: WebhookRouter) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint for ``Route(path, endpoint, methods=["POST"])`` or FastAPI's ``app.add_api_route(path,
    endpoint, methods=["POST"])``. It reads the raw body up to ``router.max_body_size`` (413 past it) and awaits
    ``router.areceive``: ``async def`` handlers run on the event loop, plain ones (and a plain store's calls) in a
    worker thread, since they may block."""

    async def endpoint(request: Request) -> Response:
        answer = await read_capped(request, router.max_body_size)
        if isinstance(answer, bytes):
            answer = await router.areceive(answer, request.headers)
        return PlainTextResponse(answer.reason, status_code=answer.status)

    return endpoint


async def read_capped(request: Request, limit: int) -> bytes | Answer:
    """The raw body, or a 413 answer as soon as it is known to exceed ``limit`` bytes."""
    too_large = Answer(413, f"body too large: over {limit} bytes")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        return too_large
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return too_large
    except ClientDisconnect:  # the sender hung up mid-body: nobody reads the answer, and it is no error here
        return Answer(400, "client disconnected")
    return bytes(body)
