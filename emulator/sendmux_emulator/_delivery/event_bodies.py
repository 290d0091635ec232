"""Event bodies as subscribed endpoints receive them: the spec's example of each type, with fresh ids."""

from __future__ import annotations

import copy
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from .._spec.document import spec_dict
from .._state.clock import rfc3339
from .._state.ids import new_id, team_public_id

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


_EXAMPLES: dict[str, dict[str, Any]] = {
    example["type"]: example["data"] for example in _SCHEMAS["WebhookEventPayload"].get("examples", [])
}
"""The spec's example ``data`` of each event type: the defaults of every event the emulator builds."""


def _default_data(event_type: str, team: str, occurred_at: float, webhook_id: str | None) -> dict[str, Any]:
    """The spec's example of the type, with what differs from event to event made fresh: the message ids, the
    team's mailbox, the test's webhook and the delay's expiry (a type without an example gets nulls)."""
    example = _EXAMPLES.get(event_type)
    data: dict[str, Any] = copy.deepcopy(example) if example else {**dict.fromkeys(DATA_KEYS), "recipients": []}
    if data.get("message_id") is not None:
        if data.get("message_id_kind") == "provider":
            data["message_id"] = _provider_message_id()
        else:
            data["message_id"] = f"CA{secrets.token_hex(10)}@{str(data['message_id']).rpartition('@')[2]}"
    if data.get("sendmux_message_id") is not None:
        data["sendmux_message_id"] = new_id("msg")
    if data.get("mailbox_id") is not None:
        data["mailbox_id"] = default_mailbox_id(team)
    if data.get("webhook_id") is not None:
        data["webhook_id"] = webhook_id
    if data.get("delay_expires_at") is not None:
        data["delay_expires_at"] = rfc3339(occurred_at + 24 * 3600)
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
