"""Webhook deliveries for tests, signed here with hmac/hashlib directly rather than with ``sign_webhook``."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SECRET = "whsec_test_current_secret"  # test values, not real secrets
OLD_SECRET = "whsec_test_previous_secret"
NOW = 1_779_354_720  # a fixed "now" for tests that patch time.time

DATA_KEYS = (
    "message_id",
    "message_id_kind",
    "sendmux_message_id",
    "sender",
    "recipients",
    "mailbox_id",
    "bounce_type",
    "bounce_subtype",
    "complaint_type",
    "complaint_subtype",
    "reject_reason",
    "delay_type",
    "delay_expires_at",
    "is_spam",
    "webhook_id",
)


def event_dict(type_: str = "message.bounced", **overrides: Any) -> dict[str, Any]:
    """A ``message.bounced`` body as in the fact sheet's example; ``data_*`` overrides go into ``data``."""
    data: dict[str, Any] = dict.fromkeys(DATA_KEYS)
    data.update(
        message_id="0100018f-provider-id",
        message_id_kind="provider",
        sendmux_message_id="msg_cl9x2b7k40000qzrmn1c4d5f2",
        sender="sender@example.com",
        recipients=["user@example.com"],
        bounce_type="Permanent",
        bounce_subtype="General",
    )
    body: dict[str, Any] = {
        "id": "evt_cl9x2b7k40000qzrmn1c4d5e9",
        "type": type_,
        "team_public_id": "team_cl9x2b7k40000qzrmn1c4d5f1",
        "occurred_at": "2026-04-23T10:15:30Z",
        "data": data,
    }
    for key, value in overrides.items():
        if key.startswith("data_"):
            data[key.removeprefix("data_")] = value
        else:
            body[key] = value
    return body


def event_body(type_: str = "message.bounced", **overrides: Any) -> bytes:
    return json.dumps(event_dict(type_, **overrides), separators=(",", ":")).encode()


def hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed(body: bytes, secret: str = SECRET, *, timestamp: int | str | None = None) -> dict[str, str]:
    """The headers Sendmux sends with ``body``: its own, and the timestamped pair when ``timestamp`` is given."""
    headers = {
        "Content-Type": "application/json",
        "X-Sendmux-Event-Id": "evt_cl9x2b7k40000qzrmn1c4d5e9",
        "X-Sendmux-Event-Type": "message.bounced",
        "X-Sendmux-Delivery-Attempt": "1",
        "X-Sendmux-Signature": "sha256=" + hmac_hex(secret, body),
    }
    if timestamp is not None:
        headers["X-Sendmux-Timestamp"] = str(timestamp)
        headers["X-Sendmux-Signature-V2"] = "v1=" + hmac_hex(secret, f"{timestamp}.".encode() + body)
    return headers
