"""Decoders of what a webhook delivery carries: each checks every key's JSON type against the generated model,
converts dates, enums and nested models, keeps unknown keys, and builds the model in one call (the delivered body
as ``WebhookEvent``, generated/sendmux/_event.py).

Generated from openapi.yaml by codegen/event_decoders.py: do not edit. A key that is missing raises ``ValueError``,
a value of the wrong JSON type ``TypeError``, each naming the key.
"""

from __future__ import annotations

import datetime
from typing import Any

from sendmux_client.models import BounceType, EventType, MessageIdKind, WebhookEventData

from ._event import WebhookEvent

_NONE = type(None)
_JSON_NAMES = {_NONE: "null", bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
_BOUNCE_TYPE = {member.value: member for member in BounceType}
_EVENT_TYPE = {member.value: member for member in EventType}
_MESSAGE_ID_KIND = {member.value: member for member in MessageIdKind}


def json_type(value: object) -> str:
    """A value's JSON type, for messages."""
    return _JSON_NAMES.get(type(value), "object" if type(value) is dict else type(value).__name__)


_WEBHOOK_EVENT_PAYLOAD_KEYS = frozenset(["id", "type", "team_public_id", "occurred_at", "data"])


def decode_webhook_event_payload(
    raw: dict[str, Any], cls: type[WebhookEvent] = WebhookEvent, path: str = ""
) -> WebhookEvent:
    """``cls`` (``WebhookEvent`` or a subclass) from a JSON object; ``path`` prefixes the keys in messages."""
    try:
        id, type_, team_public_id, occurred_at, data = (
            raw["id"],
            raw["type"],
            raw["team_public_id"],
            raw["occurred_at"],
            raw["data"],
        )
    except KeyError as missing:
        raise ValueError(f"missing key {missing.args[0]!r}") from None
    if type(id) is not str:
        raise TypeError(f"{path}id must be str, got {json_type(id)}")
    if type(type_) is not str:
        raise TypeError(f"{path}type must be EventType | str, got {json_type(type_)}")
    if type(team_public_id) is not str:
        raise TypeError(f"{path}team_public_id must be str, got {json_type(team_public_id)}")
    if type(data) is not dict:
        raise TypeError(f"{path}data must be an object, got {json_type(data)}")
    type_ = _EVENT_TYPE.get(type_, type_)
    occurred_at = datetime.datetime.fromisoformat(occurred_at)
    data = decode_webhook_event_data(data, path=f"{path}data.")
    model = cls(id, type_, team_public_id, occurred_at, data)
    if not _WEBHOOK_EVENT_PAYLOAD_KEYS.issuperset(raw):
        model.additional_properties = {k: v for k, v in raw.items() if k not in _WEBHOOK_EVENT_PAYLOAD_KEYS}
    return model


_WEBHOOK_EVENT_DATA_KEYS = frozenset(
    [
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
    ]
)


def decode_webhook_event_data(
    raw: dict[str, Any], cls: type[WebhookEventData] = WebhookEventData, path: str = ""
) -> WebhookEventData:
    """``cls`` (``WebhookEventData`` or a subclass) from a JSON object; ``path`` prefixes the keys in messages."""
    try:
        (
            message_id,
            message_id_kind,
            sendmux_message_id,
            sender,
            recipients,
            mailbox_id,
            bounce_type,
            bounce_subtype,
            complaint_type,
            complaint_subtype,
            reject_reason,
            delay_type,
            delay_expires_at,
            is_spam,
            webhook_id,
        ) = (
            raw["message_id"],
            raw["message_id_kind"],
            raw["sendmux_message_id"],
            raw["sender"],
            raw["recipients"],
            raw["mailbox_id"],
            raw["bounce_type"],
            raw["bounce_subtype"],
            raw["complaint_type"],
            raw["complaint_subtype"],
            raw["reject_reason"],
            raw["delay_type"],
            raw["delay_expires_at"],
            raw["is_spam"],
            raw["webhook_id"],
        )
    except KeyError as missing:
        raise ValueError(f"missing key {missing.args[0]!r}") from None
    if type(message_id) not in (_NONE, str):
        raise TypeError(f"{path}message_id must be null | str, got {json_type(message_id)}")
    if type(message_id_kind) not in (str, _NONE):
        raise TypeError(f"{path}message_id_kind must be MessageIdKind | null | str, got {json_type(message_id_kind)}")
    if type(sendmux_message_id) not in (_NONE, str):
        raise TypeError(f"{path}sendmux_message_id must be null | str, got {json_type(sendmux_message_id)}")
    if type(sender) not in (_NONE, str):
        raise TypeError(f"{path}sender must be null | str, got {json_type(sender)}")
    if type(recipients) is not list:
        raise TypeError(f"{path}recipients must be list[str], got {json_type(recipients)}")
    if not all(type(item) is str for item in recipients):
        index, item = next((i, v) for i, v in enumerate(recipients) if type(v) is not str)
        raise TypeError(f"{path}recipients[{index}] must be str, got {json_type(item)}")
    if type(mailbox_id) not in (_NONE, str):
        raise TypeError(f"{path}mailbox_id must be null | str, got {json_type(mailbox_id)}")
    if type(bounce_type) not in (str, _NONE):
        raise TypeError(f"{path}bounce_type must be BounceType | null | str, got {json_type(bounce_type)}")
    if type(bounce_subtype) not in (_NONE, str):
        raise TypeError(f"{path}bounce_subtype must be null | str, got {json_type(bounce_subtype)}")
    if type(complaint_type) not in (_NONE, str):
        raise TypeError(f"{path}complaint_type must be null | str, got {json_type(complaint_type)}")
    if type(complaint_subtype) not in (_NONE, str):
        raise TypeError(f"{path}complaint_subtype must be null | str, got {json_type(complaint_subtype)}")
    if type(reject_reason) not in (_NONE, str):
        raise TypeError(f"{path}reject_reason must be null | str, got {json_type(reject_reason)}")
    if type(delay_type) not in (_NONE, str):
        raise TypeError(f"{path}delay_type must be null | str, got {json_type(delay_type)}")
    if type(is_spam) not in (bool, _NONE):
        raise TypeError(f"{path}is_spam must be bool | null, got {json_type(is_spam)}")
    if type(webhook_id) not in (_NONE, str):
        raise TypeError(f"{path}webhook_id must be null | str, got {json_type(webhook_id)}")
    if message_id_kind is not None:
        message_id_kind = _MESSAGE_ID_KIND.get(message_id_kind, message_id_kind)
    if bounce_type is not None:
        bounce_type = _BOUNCE_TYPE.get(bounce_type, bounce_type)
    if delay_expires_at is not None:
        delay_expires_at = datetime.datetime.fromisoformat(delay_expires_at)
    model = cls(
        message_id,
        message_id_kind,
        sendmux_message_id,
        sender,
        recipients,
        mailbox_id,
        bounce_type,
        bounce_subtype,
        complaint_type,
        complaint_subtype,
        reject_reason,
        delay_type,
        delay_expires_at,
        is_spam,
        webhook_id,
    )
    if not _WEBHOOK_EVENT_DATA_KEYS.issuperset(raw):
        model.additional_properties = {k: v for k, v in raw.items() if k not in _WEBHOOK_EVENT_DATA_KEYS}
    return model
