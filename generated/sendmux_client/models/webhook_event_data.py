from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bounce_type import BounceType
from ..models.message_id_kind import MessageIdKind

T = TypeVar("T", bound="WebhookEventData")


@_attrs_define
class WebhookEventData:
    """The stable facts of an event. All 15 keys are always present; those that do not apply are null."""

    message_id: None | str
    """ Outbound, the provider's message id; inbound, the Message-ID header without angle brackets. """
    message_id_kind: MessageIdKind | None | str
    sendmux_message_id: None | str
    """ `msg_…`, when Sendmux can correlate an outbound event. """
    sender: None | str
    recipients: list[str]
    """ Every affected recipient; empty for `sendmux.test`. """
    mailbox_id: None | str
    """ Inbound events, when the mailbox resolves (`mbx_…`). """
    bounce_type: BounceType | None | str
    bounce_subtype: None | str
    complaint_type: None | str
    complaint_subtype: None | str
    reject_reason: None | str
    delay_type: None | str
    delay_expires_at: datetime.datetime | None
    """ When delivery retries are expected to end (RFC 3339), for `message.delivery_delayed`. """
    is_spam: bool | None
    """ Inbound only - false for `message.received`, true for `message.received.spam`. """
    webhook_id: None | str
    """ `sendmux.test` only: the targeted subscription. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message_id: None | str
        message_id = self.message_id

        message_id_kind: None | str
        if isinstance(self.message_id_kind, MessageIdKind):
            message_id_kind = self.message_id_kind.value
        else:
            message_id_kind = self.message_id_kind

        sendmux_message_id: None | str
        sendmux_message_id = self.sendmux_message_id

        sender: None | str
        sender = self.sender

        recipients = self.recipients

        mailbox_id: None | str
        mailbox_id = self.mailbox_id

        bounce_type: None | str
        if isinstance(self.bounce_type, BounceType):
            bounce_type = self.bounce_type.value
        else:
            bounce_type = self.bounce_type

        bounce_subtype: None | str
        bounce_subtype = self.bounce_subtype

        complaint_type: None | str
        complaint_type = self.complaint_type

        complaint_subtype: None | str
        complaint_subtype = self.complaint_subtype

        reject_reason: None | str
        reject_reason = self.reject_reason

        delay_type: None | str
        delay_type = self.delay_type

        delay_expires_at: None | str
        if isinstance(self.delay_expires_at, datetime.datetime):
            delay_expires_at = self.delay_expires_at.isoformat()
        else:
            delay_expires_at = self.delay_expires_at

        is_spam: bool | None
        is_spam = self.is_spam

        webhook_id: None | str
        webhook_id = self.webhook_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message_id": message_id,
                "message_id_kind": message_id_kind,
                "sendmux_message_id": sendmux_message_id,
                "sender": sender,
                "recipients": recipients,
                "mailbox_id": mailbox_id,
                "bounce_type": bounce_type,
                "bounce_subtype": bounce_subtype,
                "complaint_type": complaint_type,
                "complaint_subtype": complaint_subtype,
                "reject_reason": reject_reason,
                "delay_type": delay_type,
                "delay_expires_at": delay_expires_at,
                "is_spam": is_spam,
                "webhook_id": webhook_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message_id = _parse_message_id(d.pop("message_id"))

        def _parse_message_id_kind(data: object) -> MessageIdKind | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                message_id_kind_type_0 = MessageIdKind(data)

                return message_id_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageIdKind | None | str, data)

        message_id_kind = _parse_message_id_kind(d.pop("message_id_kind"))

        def _parse_sendmux_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sendmux_message_id = _parse_sendmux_message_id(d.pop("sendmux_message_id"))

        def _parse_sender(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sender = _parse_sender(d.pop("sender"))

        recipients = cast(list[str], d.pop("recipients"))

        def _parse_mailbox_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mailbox_id = _parse_mailbox_id(d.pop("mailbox_id"))

        def _parse_bounce_type(data: object) -> BounceType | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bounce_type_type_0 = BounceType(data)

                return bounce_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BounceType | None | str, data)

        bounce_type = _parse_bounce_type(d.pop("bounce_type"))

        def _parse_bounce_subtype(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bounce_subtype = _parse_bounce_subtype(d.pop("bounce_subtype"))

        def _parse_complaint_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        complaint_type = _parse_complaint_type(d.pop("complaint_type"))

        def _parse_complaint_subtype(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        complaint_subtype = _parse_complaint_subtype(d.pop("complaint_subtype"))

        def _parse_reject_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reject_reason = _parse_reject_reason(d.pop("reject_reason"))

        def _parse_delay_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delay_type = _parse_delay_type(d.pop("delay_type"))

        def _parse_delay_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delay_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return delay_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delay_expires_at = _parse_delay_expires_at(d.pop("delay_expires_at"))

        def _parse_is_spam(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_spam = _parse_is_spam(d.pop("is_spam"))

        def _parse_webhook_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        webhook_id = _parse_webhook_id(d.pop("webhook_id"))

        webhook_event_data = cls(
            message_id=message_id,
            message_id_kind=message_id_kind,
            sendmux_message_id=sendmux_message_id,
            sender=sender,
            recipients=recipients,
            mailbox_id=mailbox_id,
            bounce_type=bounce_type,
            bounce_subtype=bounce_subtype,
            complaint_type=complaint_type,
            complaint_subtype=complaint_subtype,
            reject_reason=reject_reason,
            delay_type=delay_type,
            delay_expires_at=delay_expires_at,
            is_spam=is_spam,
            webhook_id=webhook_id,
        )

        webhook_event_data.additional_properties = d
        return webhook_event_data

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
