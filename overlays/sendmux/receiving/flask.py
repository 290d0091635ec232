"""Mounting a ``WebhookRouter`` on Flask (the ``flask`` extra)."""

from __future__ import annotations

from collections.abc import Callable

from ._extras import LENGTH_REQUIRED, missing_extra, read_whole, sync_only, too_large
from ._router import WebhookRouter

try:
    from flask import Response, request
except ImportError as exc:
    raise missing_extra("flask", "flask", exc) from exc

__all__ = ["webhook_view"]


def webhook_view(router: WebhookRouter) -> Callable[[], Response]:
    """A view for ``app.add_url_rule(path, view_func=webhook_view(router), methods=["POST"])``. It reads the raw
    body up to ``router.max_body_size`` (413 past it; 411 for a chunked body the server does not pass on) and
    answers what ``router.receive`` decides. Handlers must be plain functions: an ``async def`` one raises
    ``TypeError`` here."""
    sync_only(router, "Flask")

    def view() -> Response:
        limit, answer = router.max_body_size, None
        if (request.content_length or 0) > limit:
            answer = too_large(limit)
        elif request.content_length is None and not request.environ.get("wsgi.input_terminated") and _chunked():
            answer = LENGTH_REQUIRED  # the server does not pass the body on: Werkzeug would read none of it
        if answer is None:  # a chunked body has no length: read to its end, or one byte past the cap
            answer = router.receive(read_whole(request.stream, limit), request.headers)
        return Response(answer.reason, status=answer.status, mimetype="text/plain")

    view.__name__ = f"sendmux_webhook_{id(router):x}"  # Flask names endpoints after their view
    return view


def _chunked() -> bool:
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()
