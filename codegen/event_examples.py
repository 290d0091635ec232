"""Write ``sendmux._event_examples``: one example event per event type, from the spec's examples.

Usage: ``python codegen/event_examples.py SPEC OUT_ROOT`` writes ``OUT_ROOT/sendmux/_event_examples.py``.
The examples are those of the ``WebhookEventPayload`` schema: at most one per event type, whose ``data`` holds
every key of ``WebhookEventData``. ``sendmux.testing.make_event`` builds its events from them, so no default of
any event type is written by hand; it refuses a type without an example by name (tests/test_spec.py holds
openapi.yaml to one example per ``EventType`` member, while a rehearsal spec may add a type without one).
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path
from typing import Any

from sendmux_spec import load

HEADER = '''"""One example event per event type, from the examples of ``WebhookEventPayload`` in openapi.yaml: the
defaults of ``sendmux.testing.make_event``.

Generated from openapi.yaml by codegen/event_examples.py: do not edit.
"""

from __future__ import annotations

from typing import Any, Final

'''


def examples(spec: dict[str, Any]) -> tuple[list[str], list[str], dict[str, Any]]:
    """The event types, the data keys and the example of each type that has one; ``SystemExit`` names a bad one."""
    schemas = spec["components"]["schemas"]
    event_types: list[str] = list(schemas["EventType"]["enum"])
    data_keys: list[str] = list(schemas["WebhookEventData"]["properties"])
    found: dict[str, Any] = {}
    for example in schemas["WebhookEventPayload"].get("examples", []):
        event_type = example.get("type")
        if event_type in found:
            raise SystemExit(f"WebhookEventPayload has two examples of {event_type!r}")
        missing = [key for key in data_keys if key not in example.get("data", {})]
        if missing:
            raise SystemExit(f"the WebhookEventPayload example of {event_type!r} lacks data keys {missing}")
        found[event_type] = example
    return event_types, data_keys, {event_type: found[event_type] for event_type in event_types if event_type in found}


def data_enums(spec: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The values each enum-typed key of ``WebhookEventData`` has in this spec: its properties are open (any
    string still parses), so the known members are listed apart, for ``sendmux-webhooks trigger --data``."""
    schemas = spec["components"]["schemas"]
    found: dict[str, tuple[str, ...]] = {}
    for key, node in schemas["WebhookEventData"]["properties"].items():
        refs = [member["$ref"] for member in node.get("anyOf", []) if "$ref" in member]
        for ref in refs:
            enum = schemas[ref.rsplit("/", 1)[1]].get("enum")
            if enum:
                found[key] = tuple(enum)
    return found


def render(spec: dict[str, Any]) -> str:
    event_types, data_keys, by_type = examples(spec)
    width = 116
    return (
        HEADER
        + f"EVENT_TYPES: Final[tuple[str, ...]] = {pprint.pformat(tuple(event_types), width=width)}\n"
        + '"""The members of ``EventType``, in the spec\'s order."""\n'
        + f"DATA_KEYS: Final[tuple[str, ...]] = {pprint.pformat(tuple(data_keys), width=width)}\n"
        + '"""Every key of an event\'s ``data`` (``WebhookEventData``; all are always present)."""\n'
        + f"DATA_ENUMS: Final[dict[str, tuple[str, ...]]] = {pprint.pformat(data_enums(spec), width=width)}\n"
        + '"""The known values of each enum-typed key of ``data`` (a newer server may send others)."""\n'
        + f"EXAMPLES: Final[dict[str, dict[str, Any]]] = {pprint.pformat(by_type, width=width, sort_dicts=False)}\n"
        + '"""The spec\'s example event of each type, as JSON values."""\n'
    )


def main(spec_path: str, out_root: str) -> None:
    spec = load(spec_path).data
    target = Path(out_root) / "sendmux" / "_event_examples.py"
    target.write_text(render(spec), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
