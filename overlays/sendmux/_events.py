"""The typed webhook event, and turning a verified body into one."""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Mapping
from itertools import repeat
from typing import Any, Self

import attrs

from sendmux_client import models
from sendmux_client.models import EventType, WebhookDeliveryPayload, WebhookEventPayload

from .errors import WebhookVerificationError

__all__ = ["DeliveryPayload", "WebhookEvent", "parse_event"]


class WebhookEvent(WebhookEventPayload):
    """A delivered event: the generated ``WebhookEventPayload`` plus ``.type``.

    The generator names the body's ``type`` key ``type_``; ``.type`` reads the same value. A type newer than
    this package stays a plain ``str``, and unknown keys are kept in ``additional_properties``.
    """

    # A plain subclass of the slotted attrs class: no new fields, so no attrs decorator and no __dict__.
    __slots__ = ()

    @property
    def type(self) -> EventType | str:
        """The event type: an ``EventType`` member, or the plain string of a type this package does not know."""
        return self.type_


class DeliveryPayload(WebhookDeliveryPayload):
    """A retained delivery: the generated ``WebhookDeliveryPayload`` whose ``payload`` is a :class:`WebhookEvent`.

    So ``payload.type`` works, and a stored body can be replayed through the same handler that takes the
    events ``verify_webhook`` returns.
    """

    __slots__ = ()
    payload: WebhookEvent

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        return cls.adopt(super().from_dict(src_dict))

    @classmethod
    def adopt(cls, parsed: WebhookDeliveryPayload) -> Self:
        """Retype a parsed generated model in place. Neither subclass adds a field (both are ``__slots__ = ()``
        over the same attrs layout), so nothing is parsed twice."""
        parsed.__class__ = cls
        parsed.payload.__class__ = WebhookEvent
        return typing.cast(Self, parsed)


@attrs.frozen
class _FieldCheck:
    name: str  # the attribute
    key: str  # the body's key, for messages: the generator renames "type" to type_
    allowed: tuple[type, ...]  # the types its value may have
    item: type | None  # the item type, when it may be a list
    nested: tuple[type[attrs.AttrsInstance], ...]  # generated models among allowed or item, checked in turn


@functools.cache
def _field_checks(cls: type[attrs.AttrsInstance]) -> tuple[_FieldCheck, ...]:
    """Read the generated annotations once, so the check follows the spec when the models are regenerated."""
    hints = typing.get_type_hints(cls, localns=vars(models))
    checks: list[_FieldCheck] = []
    for field in attrs.fields(cls):
        if not field.init:  # additional_properties
            continue
        hint = hints[field.name]
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        allowed: list[type] = []
        item: type | None = None
        for member in typing.get_args(hint) if union else (hint,):
            if typing.get_origin(member) is list:
                allowed.append(list)
                (item,) = typing.get_args(member)
            else:
                allowed.append(member)
        nested = tuple(t for t in (*allowed, item) if t is not None and attrs.has(t))
        checks.append(_FieldCheck(field.name, field.name.removesuffix("_"), tuple(allowed), item, nested))
    return tuple(checks)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _expected(check: _FieldCheck) -> str:
    item = check.item.__name__ if check.item else "Any"
    names = ["null" if t is type(None) else f"list[{item}]" if t is list else t.__name__ for t in check.allowed]
    return " | ".join(names)


def _check_types(obj: attrs.AttrsInstance, path: str = "") -> None:
    """``from_dict`` casts rather than checks; reject a value whose JSON type the annotation does not allow."""
    for check in _field_checks(type(obj)):
        value = getattr(obj, check.name)
        if not isinstance(value, check.allowed):
            raise WebhookVerificationError(
                f"body is not a valid event: {path}{check.key} must be {_expected(check)}, got {_json_type(value)}"
            )
        item = check.item
        if item is not None and type(value) is list and not all(map(isinstance, value, repeat(item))):
            index = next(i for i, element in enumerate(value) if not isinstance(element, item))
            raise WebhookVerificationError(
                f"body is not a valid event: {path}{check.key}[{index}] must be {item.__name__}, "
                f"got {_json_type(value[index])}"
            )
        if check.nested:
            if type(value) is list:
                for index, element in enumerate(value):
                    _check_types(element, f"{path}{check.key}[{index}].")
            elif isinstance(value, check.nested):
                _check_types(value, f"{path}{check.key}.")


def parse_event(body: bytes) -> WebhookEvent:
    """Parse a verified body with the generated ``from_dict``; ``WebhookVerificationError`` if it is no event."""
    try:
        raw: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise WebhookVerificationError(f"body is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise WebhookVerificationError(f"body is not a valid event: expected a JSON object, got {_json_type(raw)}")
    # from_dict would build data from any iterable of pairs; the schema says object.
    if "data" in raw and not isinstance(raw["data"], dict):
        raise WebhookVerificationError(
            f"body is not a valid event: data must be an object, got {_json_type(raw['data'])}"
        )
    try:
        event = WebhookEvent.from_dict(raw)
    except KeyError as exc:
        raise WebhookVerificationError(f"body is not a valid event: missing key {exc}") from exc
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:  # e.g. occurred_at not a date-time
        raise WebhookVerificationError(f"body is not a valid event: {exc}") from exc
    _check_types(event)
    return event
