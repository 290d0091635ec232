"""The delivery inspector at ``/_emulator/``: one self-contained HTML page (no build step, no CDN) that polls
``/_emulator/state`` and shows webhooks, events, every attempt with its request and answer, and pending retries.

Secrets appear only as their last characters: at most four, and never more than a third of the secret. Its
buttons use the control routes (emit an event, resend an attempt); with a control token, the page is reached as
``/_emulator/?token=…`` and passes it on.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from .._api.runtime import Emulator
from .._delivery.event_bodies import EVENT_TYPES
from .._spec.replies import Reply, success
from .._state.clock import rfc3339
from .._state.ids import team_public_id
from .token import token_accepted

__all__ = ["inspector_page", "inspector_state", "secret_tail"]

# Everything the page needs is inline; it loads nothing from anywhere else.
_POLICY = "default-src 'self'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def secret_tail(secret: str) -> str:
    """What may be shown of a secret: its last characters, at most four and at most a third of what follows its
    ``whsec_`` prefix (``whsec_test`` shows ``t``), so a short secret is never shown whole."""
    material = secret.removeprefix("whsec_")
    shown = min(4, len(material) // 3)
    return material[len(material) - shown :]


@cache
def _page() -> str:
    return resources.files("sendmux_emulator").joinpath("inspector.html").read_text(encoding="utf-8")


async def inspector_page(request: Request) -> Response:
    emulator: Emulator = request.app.state.emulator
    if not token_accepted(request, emulator.config.control_token):
        text = "This emulator listens beyond loopback: open the inspector link it printed at start (?token=...).\n"
        return PlainTextResponse(text, status_code=401)
    headers = {
        "Cache-Control": "no-store",
        "Content-Security-Policy": _POLICY,
    }
    return HTMLResponse(_page(), headers=headers)


async def inspector_state(request: Request, emulator: Emulator, request_id: str) -> Reply:
    """Everything the page shows, newest first; secrets cut to their last four characters. Pending retries are
    those still to run: a retry that has started, or whose webhook is gone, is no longer listed."""
    now = emulator.clock.now()
    webhooks = [
        {**webhook.as_json(), "team": team_public_id(webhook.team), "secret_last4": secret_tail(webhook.secret)}
        for team in sorted(set(emulator.config.teams.values()))
        for webhook in emulator.store.newest_first(team)
    ]
    events = [
        {"id": event["id"], "type": event["type"], "occurred_at": event["occurred_at"], "webhook_ids": targets}
        for event, targets in reversed(emulator.deliveries.events)
    ]
    attempts = [attempt.record_json(now) for attempt in reversed(emulator.attempts.everything())]
    pending = [
        {
            "attempt_id": attempt.id,
            "webhook_id": attempt.webhook_id,
            "event_id": attempt.event["id"],
            "event_type": attempt.event["type"],
            "next_attempt": attempt.delivery_attempt + 1,
            "due_at": rfc3339(attempt.next_retry_at),
            "due_in_seconds": max(0.0, round(attempt.next_retry_at - now, 1)),
        }
        for attempt in emulator.deliveries.pending_retries()
        if attempt.next_retry_at is not None
    ]
    pending.sort(key=lambda row: row["due_in_seconds"])
    state = {
        "now": rfc3339(now),
        "event_types": list(EVENT_TYPES),
        "webhooks": webhooks,
        "events": events,
        "attempts": attempts,
        "pending_retries": pending,
    }
    return success(state, request_id)
