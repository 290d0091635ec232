"""Mounting a ``WebhookRouter`` on Django (the ``django`` extra): ``webhook_view`` for the URLconf and, under ASGI,
``limit_body`` around the application, so the cap holds before Django reads the body."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ._extras import LENGTH_REQUIRED, missing_extra, read_whole, sync_only, too_large
from ._router import MAX_BODY_SIZE, WebhookRouter

try:
    from django.http import HttpRequest, HttpResponse
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_POST
except ImportError as exc:
    raise missing_extra("django", "django", exc) from exc

__all__ = ["limit_body", "webhook_view"]

Message = MutableMapping[str, Any]  # an ASGI scope or message
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]


def webhook_view(router: WebhookRouter) -> Callable[[HttpRequest], HttpResponse]:
    """A view for ``path("sendmux/", webhook_view(router))``: POST only, exempt from CSRF (the signature
    authenticates the sender). It reads the raw body up to ``router.max_body_size`` (413 past it; under WSGI, 411
    for a chunked body the server does not pass on) and answers what ``router.receive`` decides. Handlers must be
    plain functions: an ``async def`` one raises ``TypeError`` here. Under ASGI, Django reads the whole body before
    any view runs: put ``limit_body`` around the application so the cap holds there too."""
    sync_only(router, "Django")

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        limit, answer = router.max_body_size, None
        length = request.META.get("CONTENT_LENGTH") or ""
        stream: Any = request  # the stream itself: request.body would apply Django's own upload cap
        if length.isdigit() and int(length) > limit:
            answer = too_large(limit)
        elif not length and "wsgi.input" in request.META and "chunked" in request.headers.get("Transfer-Encoding", ""):
            if request.META.get("wsgi.input_terminated"):  # the server ends the input: read it, not Django's 0 bytes
                stream = request.META["wsgi.input"]
            else:
                answer = LENGTH_REQUIRED
        if answer is None:
            answer = router.receive(read_whole(stream, limit), request.headers)
        return HttpResponse(answer.reason, status=answer.status, content_type="text/plain")

    return view


def limit_body(app: ASGIApp, *, path: str, max_body_size: int = MAX_BODY_SIZE) -> ASGIApp:
    """ASGI middleware capping the body of requests to ``path`` before Django reads it (Django spools a whole body
    to memory or disk before any view runs). In ``asgi.py``::

        application = limit_body(get_asgi_application(), path="/sendmux/", max_body_size=router.max_body_size)

    A body over the cap is answered 413 as soon as it is known to be: at once from its Content-Length, or when
    the bytes received pass the cap; then nothing more is read. A smaller body reaches Django whole."""

    async def limited(scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != path:
            await app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        declared_too_large = length.isdigit() and int(length) > max_body_size
        body, more = bytearray(), not declared_too_large
        while more and len(body) <= max_body_size:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # nobody is left to answer
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if declared_too_large or len(body) > max_body_size:
            answer = too_large(max_body_size)
            headers = [(b"content-type", b"text/plain; charset=utf-8")]
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            await send({"type": "http.response.body", "body": answer.reason.encode()})
            return
        whole: list[Message] = [{"type": "http.request", "body": bytes(body), "more_body": False}]

        async def replay() -> Message:
            return whole.pop() if whole else await receive()

        await app(scope, replay, send)

    return limited
