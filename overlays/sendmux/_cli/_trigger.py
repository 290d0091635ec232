"""``sendmux-webhooks trigger``: emit an event on the local emulator through its control route."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._options import UsageError, target

__all__ = ["trigger"]


def checked_data(event_type: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The ``--data`` values as JSON, each checked against the event's schema before anything is sent: a value that
    looks like JSON must parse, an enum takes only its known values, and every value must have its key's type."""
    from .._event_examples import DATA_ENUMS
    from ..testing import make_event

    data: dict[str, Any] = {}
    for key, text in pairs:
        try:
            value: Any = json.loads(text)
        except ValueError as exc:
            if text.lstrip()[:1] in ("[", "{", '"'):
                raise UsageError(f"--data {key}: {text!r} is not valid JSON ({exc})") from None
            value = text  # a bare word is a string: bounce_type=Transient
        known = DATA_ENUMS.get(key)
        if known is not None and value is not None and value not in known:
            raise UsageError(f"--data {key}: {value!r} is not one of {', '.join(known)} (or null)")
        data[key] = value
    try:
        make_event(event_type, **data)  # the event's own schema: each key's JSON type
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--data: {str(exc).removeprefix('data.')}") from None
    return data


def trigger(args: argparse.Namespace) -> int:
    where = target()
    if not where.is_emulator:
        raise UsageError(
            f"trigger works on the local emulator only; SENDMUX_BASE_URL is {where.base_url} "
            "(set it to the emulator's loopback URL, e.g. http://127.0.0.1:8025/api/v1)"
        )
    data = checked_data(args.event_type, args.data)
    answer = where.control("POST", "/events", json={"type": args.event_type, "data": data})
    event, webhook_ids = answer["event"], answer["webhook_ids"]
    sent_to = ", ".join(webhook_ids) if webhook_ids else "no webhook subscribes to it"
    print(f"Triggered {event['type']} {event['id']} -> {sent_to}", flush=True)
    return 0
