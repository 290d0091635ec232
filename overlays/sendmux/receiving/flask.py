"""Mounting a ``WebhookRouter`` on Flask (the ``flask`` extra)."""

from __future__ import annotations

from collections.abc import Callable

from ._extras import missing_extra, sync_only
from ._router import WebhookRouter

try:
    from flask import Response, request
except ImportError as exc:
    raise missing_extra("flask", "flask", exc) from exc

__all__ = ["webhook_view"]


def webhook_view(router: WebhookRouter) -> Callable[[], Response]:
    """A view for ``app.add_url_rule(path, view_func=webhook_view(router), methods=["POST"])``. It reads the raw
    body up to ``router.max_body_size`` (413 past it) and answers what ``router.receive`` decides. Handlers must
    be plain functions: an ``async def`` one raises ``TypeError`` here."""
    sync_only(router, "Flask")

    def view() -> Response:
        limit = router.max_body_size
        if (request.content_length or 0) > limit:
            return Response(f"body too large: over {limit} bytes", status=413, mimetype="text/plain")
        body = request.stream.read(limit + 1)  # a chunked body has no length: read one byte past the cap
        answer = router.receive(body, request.headers)
        return Response(answer.reason, status=answer.status, mimetype="text/plain")

    view.__name__ = f"sendmux_webhook_{id(router):x}"  # Flask names endpoints after their view
    return view
