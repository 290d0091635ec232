"""Mounting a ``WebhookRouter`` on Django (the ``django`` extra)."""

from __future__ import annotations

from collections.abc import Callable

from ._extras import missing_extra, sync_only
from ._router import WebhookRouter

try:
    from django.http import HttpRequest, HttpResponse
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_POST
except ImportError as exc:
    raise missing_extra("django", "django", exc) from exc

__all__ = ["webhook_view"]


def webhook_view(router: WebhookRouter) -> Callable[[HttpRequest], HttpResponse]:
    """A view for ``path("sendmux/", webhook_view(router))``: POST only, exempt from CSRF (the signature
    authenticates the sender). It reads the raw body up to ``router.max_body_size`` (413 past it) and answers
    what ``router.receive`` decides. Handlers must be plain functions: an ``async def`` one raises ``TypeError``
    here."""
    sync_only(router, "Django")

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        limit = router.max_body_size
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > limit:
            return HttpResponse(f"body too large: over {limit} bytes", status=413, content_type="text/plain")
        body = request.read(limit + 1)  # the stream itself: request.body would apply Django's own upload cap
        answer = router.receive(body, request.headers)
        return HttpResponse(answer.reason, status=answer.status, content_type="text/plain")

    return view
