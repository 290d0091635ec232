from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_result import DeliveryResult
from ..models.event_type import EventType

T = TypeVar("T", bound="WebhookDeliveryAttempt")


@_attrs_define
class WebhookDeliveryAttempt:
    """One HTTP attempt to deliver one event to one subscription."""

    id: str
    """ `whda_…` """
    event_id: str
    event_type: EventType | str
    """ An `EventType`, or a newer type this document does not know yet. """
    result: DeliveryResult | str
    """ A `DeliveryResult`, or a newer outcome this document does not know yet. """
    response_status: int | None
    """ The endpoint's HTTP status; null when it never answered. """
    response_ms: int
    delivery_attempt: int
    """ Equals the `X-Sendmux-Delivery-Attempt` header of that attempt. """
    max_attempts: int
    next_retry_at: datetime.datetime | None
    """ Set only when `result` is `retrying`. """
    error_message: None | str
    """ Why the endpoint never answered. Choice of vocabulary: `timeout`, `connection_refused`,
    `dns_error`, `tls_error`, `connection_error`, `target_not_allowed: <reason>`.
     """
    response_body: None | str
    """ The endpoint's reply, cut to its first 1024 characters (choice). """
    payload_available: bool
    payload_expires_at: datetime.datetime
    request_payload_bytes: int
    request_payload_sha256: None | str
    """ Lowercase hex SHA-256 of the raw body sent. """
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type: str
        if isinstance(self.event_type, EventType):
            event_type = self.event_type.value
        else:
            event_type = self.event_type

        result: str
        if isinstance(self.result, DeliveryResult):
            result = self.result.value
        else:
            result = self.result

        response_status: int | None
        response_status = self.response_status

        response_ms = self.response_ms

        delivery_attempt = self.delivery_attempt

        max_attempts = self.max_attempts

        next_retry_at: None | str
        if isinstance(self.next_retry_at, datetime.datetime):
            next_retry_at = self.next_retry_at.isoformat()
        else:
            next_retry_at = self.next_retry_at

        error_message: None | str
        error_message = self.error_message

        response_body: None | str
        response_body = self.response_body

        payload_available = self.payload_available

        payload_expires_at = self.payload_expires_at.isoformat()

        request_payload_bytes = self.request_payload_bytes

        request_payload_sha256: None | str
        request_payload_sha256 = self.request_payload_sha256

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "event_type": event_type,
                "result": result,
                "response_status": response_status,
                "response_ms": response_ms,
                "delivery_attempt": delivery_attempt,
                "max_attempts": max_attempts,
                "next_retry_at": next_retry_at,
                "error_message": error_message,
                "response_body": response_body,
                "payload_available": payload_available,
                "payload_expires_at": payload_expires_at,
                "request_payload_bytes": request_payload_bytes,
                "request_payload_sha256": request_payload_sha256,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        def _parse_event_type(data: object) -> EventType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_any_event_type_type_0 = EventType(data)

                return componentsschemas_any_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventType | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        def _parse_result(data: object) -> DeliveryResult | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_any_delivery_result_type_0 = DeliveryResult(data)

                return componentsschemas_any_delivery_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryResult | str, data)

        result = _parse_result(d.pop("result"))

        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("response_status"))

        response_ms = d.pop("response_ms")

        delivery_attempt = d.pop("delivery_attempt")

        max_attempts = d.pop("max_attempts")

        def _parse_next_retry_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_retry_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_retry_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_retry_at = _parse_next_retry_at(d.pop("next_retry_at"))

        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("error_message"))

        def _parse_response_body(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_body = _parse_response_body(d.pop("response_body"))

        payload_available = d.pop("payload_available")

        payload_expires_at = datetime.datetime.fromisoformat(d.pop("payload_expires_at"))

        request_payload_bytes = d.pop("request_payload_bytes")

        def _parse_request_payload_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_payload_sha256 = _parse_request_payload_sha256(d.pop("request_payload_sha256"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        webhook_delivery_attempt = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            result=result,
            response_status=response_status,
            response_ms=response_ms,
            delivery_attempt=delivery_attempt,
            max_attempts=max_attempts,
            next_retry_at=next_retry_at,
            error_message=error_message,
            response_body=response_body,
            payload_available=payload_available,
            payload_expires_at=payload_expires_at,
            request_payload_bytes=request_payload_bytes,
            request_payload_sha256=request_payload_sha256,
            created_at=created_at,
        )

        webhook_delivery_attempt.additional_properties = d
        return webhook_delivery_attempt

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
