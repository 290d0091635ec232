"""Event bodies as subscribed endpoints receive them, with realistic values for every documented type."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from ._auth import team_public_id
from ._clock import rfc3339
from ._ids import new_id
from ._spec import spec_dict

__all__ = ["DATA_KEYS", "EVENT_TYPES", "INBOUND_EVENT_TYPES", "build_event", "default_mailbox_id"]

_SCHEMAS = spec_dict()["components"]["schemas"]
EVENT_TYPES: tuple[str, ...] = tuple(_SCHEMAS["EventType"]["enum"])
DATA_KEYS: tuple[str, ...] = tuple(_SCHEMAS["WebhookEventData"]["required"])
INBOUND_EVENT_TYPES = frozenset({"message.received", "message.received.spam"})
"""The events `filters.mailbox_ids` applies to (spec choice); outbound and test events ignore it."""


def default_mailbox_id(team: str) -> str:
    """The mailbox inbound events name when the caller does not pick one: stable per team."""
    return "mbx_c" + hashlib.sha256(b"mailbox:" + team.encode("utf-8")).hexdigest()[:24]


def _provider_message_id() -> str:
    """Shaped like an Amazon SES message id."""
    groups = "-".join(secrets.token_hex(n) for n in (4, 2, 2, 2, 6))
    return f"0100018f{secrets.token_hex(4)}-{groups}-000000"


def _default_data(event_type: str, team: str, occurred_at: float, webhook_id: str | None) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(DATA_KEYS)
    data["recipients"] = []
    if event_type == "sendmux.test":
        data["webhook_id"] = webhook_id
        return data
    data["sender"] = "sender@example.com"
    if event_type in INBOUND_EVENT_TYPES:
        data.update(
            message_id=f"CA{secrets.token_hex(10)}@mail.example.com",
            message_id_kind="rfc5322",
            recipients=["inbox@example.com"],
            mailbox_id=default_mailbox_id(team),
            is_spam=event_type == "message.received.spam",
        )
        return data
    data.update(
        message_id=_provider_message_id(),
        message_id_kind="provider",
        sendmux_message_id=new_id("msg"),
        recipients=["user@example.com"],
    )
    if event_type == "message.bounced":
        data.update(bounce_type="Permanent", bounce_subtype="General")
    elif event_type == "message.complained":
        data.update(complaint_type="abuse", complaint_subtype=None)
    elif event_type == "message.rejected":
        data.update(reject_reason="Bad content")
    elif event_type == "message.delivery_delayed":
        data.update(delay_type="TransientCommunicationFailure", delay_expires_at=rfc3339(occurred_at + 24 * 3600))
    return data


def build_event(
    event_type: str,
    team: str,
    *,
    occurred_at: float,
    overrides: Mapping[str, Any] | None = None,
    webhook_id: str | None = None,
) -> dict[str, Any]:
    """The JSON body of one event; ``overrides`` replace keys of ``data`` (callers check the key names)."""
    data = _default_data(event_type, team, occurred_at, webhook_id)
    data.update(overrides or {})
    return {
        "id": new_id("evt"),
        "type": event_type,
        "team_public_id": team_public_id(team),
        "occurred_at": rfc3339(occurred_at),
        "data": data,
    }
