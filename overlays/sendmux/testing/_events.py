"""Events as Sendmux sends them: ``make_event`` from the spec's examples, ``signed_request`` as a delivery."""

from __future__ import annotations

import datetime
import enum
import json
import secrets
import string
import time
from collections.abc import Mapping
from typing import Any

from .._decoders import decode_webhook_event_payload  # generated from openapi.yaml
from .._event import WebhookEvent  # generated from openapi.yaml
from .._event_examples import DATA_KEYS, EXAMPLES  # generated from openapi.yaml's examples
from .._signing import sign_webhook

__all__ = ["event_body", "make_event", "signed_request"]

_ID_ALPHABET = string.ascii_lowercase + string.digits


def _json_value(key: str, value: object) -> object:
    """Enum members and datetimes as the JSON the API sends; anything else as given (the decoder checks it)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{key} must be an aware datetime (with a time zone)")
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, tuple):
        return list(value)
    return value


def make_event(
    event_type: str, /, *, event_id: str | None = None, occurred_at: datetime.datetime | None = None, **data: Any
) -> WebhookEvent:
    """A typed event of ``event_type`` built from the spec's example of that type, with a fresh ``evt_…`` id
    (or ``event_id``); ``data`` replaces keys of its ``data`` object.

    Raises ``ValueError`` for a type without an example or a key ``WebhookEventData`` does not have, and
    ``TypeError`` for a value of the wrong JSON type (both name the key), as ``verify_webhook`` would reject it.
    """
    event_type = _json_value("event_type", event_type)  # type: ignore[assignment]
    if event_type not in EXAMPLES:
        raise ValueError(f"openapi.yaml has no example event of type {event_type!r}; known: {', '.join(EXAMPLES)}")
    unknown = [key for key in data if key not in DATA_KEYS]
    if unknown:
        raise ValueError(
            f"unknown data key(s) {', '.join(map(repr, unknown))}; WebhookEventData has: {', '.join(DATA_KEYS)}"
        )
    example = EXAMPLES[event_type]
    raw = {
        **example,
        "id": event_id if event_id is not None else "evt_c" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24)),
        "data": {**example["data"], **{key: _json_value(key, value) for key, value in data.items()}},
    }
    if occurred_at is not None:
        raw["occurred_at"] = _json_value("occurred_at", occurred_at)
    try:
        return decode_webhook_event_payload(raw)
    except KeyError as exc:
        raise ValueError(f"event is missing {exc}") from None


def event_body(event: object) -> bytes:
    """The exact bytes of a delivery: a ``WebhookEvent`` or a JSON-ready mapping as compact JSON, bytes as given."""
    if isinstance(event, bytes | bytearray | memoryview):
        return bytes(event)
    if isinstance(event, str):
        return event.encode("utf-8")
    if isinstance(event, WebhookEvent):
        event = event.to_dict()
    if not isinstance(event, Mapping):
        raise TypeError(f"expected a WebhookEvent, a mapping or bytes, not {type(event).__name__}")
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signed_request(
    event_or_body: object, secret: str, *, timestamp: int | None = None, attempt: int = 1
) -> tuple[bytes, dict[str, str]]:
    """``(body, headers)`` as Sendmux delivers them: ``Content-Type``, ``X-Sendmux-Event-Id``/``-Event-Type``
    (when the body is an event), ``X-Sendmux-Delivery-Attempt`` and the signatures, timestamped with ``timestamp``
    (default: now), so ``verify_webhook(body, headers, secret, require_timestamp=True)`` accepts it."""
    body = event_body(event_or_body)
    headers = {"Content-Type": "application/json"}
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("id"), str) and isinstance(parsed.get("type"), str):
        headers["X-Sendmux-Event-Id"] = parsed["id"]
        headers["X-Sendmux-Event-Type"] = parsed["type"]
    headers["X-Sendmux-Delivery-Attempt"] = str(attempt)
    headers.update(sign_webhook(body, secret, timestamp=int(time.time()) if timestamp is None else timestamp))
    return body, headers
