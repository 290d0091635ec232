"""Delivery attempts: one row per HTTP attempt, kept 7 days, readable per subscription and in full."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from .._state.clock import rfc3339

__all__ = ["MAX_ATTEMPTS", "RETENTION_SECONDS", "AttemptLog", "DeliveryAttempt"]

MAX_ATTEMPTS = 8
RETENTION_SECONDS = 7 * 24 * 3600
RESPONSE_BODY_LIMIT = 1024


@dataclass
class DeliveryAttempt:
    """What the emulator sent for one attempt, and what came back."""

    id: str
    webhook_id: str
    team: str
    url: str
    event: dict[str, Any]
    delivery_attempt: int
    created_at: float
    position: int
    request_body: bytes
    request_headers: dict[str, str]
    result: str = "retrying"
    response_status: int | None = None
    response_ms: int = 0
    next_retry_at: float | None = None
    error_message: str | None = None
    response_body: str | None = None
    resend: bool = False
    """Part of a delivery made again on request (the inspector's Resend, ``sendmux-webhooks resend``)."""
    visible: bool = field(default=True, repr=False)

    @property
    def expires_at(self) -> float:
        return self.created_at + RETENTION_SECONDS

    def record_response(self, status: int, text: str) -> None:
        """The endpoint answered: keep its status and the first 1024 characters of its reply."""
        self.response_status = status
        self.response_body = text[:RESPONSE_BODY_LIMIT]

    def as_json(self, now: float) -> dict[str, Any]:
        """The 16 fields of ``WebhookDeliveryAttempt``."""
        return {
            "id": self.id,
            "event_id": self.event["id"],
            "event_type": self.event["type"],
            "result": self.result,
            "response_status": self.response_status,
            "response_ms": self.response_ms,
            "delivery_attempt": self.delivery_attempt,
            "max_attempts": MAX_ATTEMPTS,
            "next_retry_at": rfc3339(self.next_retry_at) if self.next_retry_at is not None else None,
            "error_message": self.error_message,
            "response_body": self.response_body,
            "payload_available": now < self.expires_at,
            "payload_expires_at": rfc3339(self.expires_at),
            "request_payload_bytes": len(self.request_body),
            "request_payload_sha256": hashlib.sha256(self.request_body).hexdigest(),
            "created_at": rfc3339(self.created_at),
        }

    def payload_json(self) -> dict[str, Any]:
        """``WebhookDeliveryPayload``: the body as parsed JSON."""
        return {
            "id": self.id,
            "event_id": self.event["id"],
            "event_type": self.event["type"],
            "delivery_attempt": self.delivery_attempt,
            "created_at": rfc3339(self.created_at),
            "expires_at": rfc3339(self.expires_at),
            "payload": self.event,
        }

    def record_json(self, now: float) -> dict[str, Any]:
        """The control route's view: the API fields plus where it went, the exact request sent, its two instants
        as Unix seconds with their fractions (the API's timestamps are whole seconds), and whether it is a resend."""
        return {
            **self.as_json(now),
            "webhook_id": self.webhook_id,
            "team": self.team,
            "url": self.url,
            "request_headers": dict(self.request_headers),
            "request_body": self.request_body.decode("utf-8"),
            "created_at_unix": self.created_at,
            "next_retry_at_unix": self.next_retry_at,
            "resend": self.resend,
        }


class AttemptLog:
    """Every attempt in order; the API sees those of existing subscriptions younger than 7 days."""

    def __init__(self) -> None:
        self._attempts: list[DeliveryAttempt] = []
        self._positions = itertools.count(1)

    def add(self, attempt: DeliveryAttempt) -> None:
        """Record a finished attempt. Its list position is taken now, not when it started, so a slow attempt
        cannot slip in behind a cursor a client already holds (it would never be seen while paging)."""
        attempt.position = next(self._positions)
        self._attempts.append(attempt)

    def for_webhook(self, webhook_id: str, now: float) -> list[DeliveryAttempt]:
        """Newest first, as the deliveries list orders them."""
        rows = [a for a in self._attempts if a.webhook_id == webhook_id and a.visible and now < a.expires_at]
        return sorted(rows, key=lambda attempt: attempt.position, reverse=True)  # newest recorded first

    def get(self, webhook_id: str, attempt_id: str, now: float) -> DeliveryAttempt | None:
        for attempt in self._attempts:
            if attempt.id == attempt_id and attempt.webhook_id == webhook_id and attempt.visible:
                return attempt if now < attempt.expires_at else None
        return None

    def hide_webhook(self, webhook_id: str) -> None:
        """A deleted subscription's history is no longer readable through the API."""
        for attempt in self._attempts:
            if attempt.webhook_id == webhook_id:
                attempt.visible = False

    def everything(self) -> list[DeliveryAttempt]:
        """Oldest first, deleted subscriptions included (the control route)."""
        return sorted(self._attempts, key=lambda attempt: attempt.position)
