"""Values of a schema, for answers (the emulator's) and requests (the cassette cases', the client tests' fakes)
the spec gives no example of: its own example, default, const or enum value
when it has one, else one built from its name, format and constraints (an ``email`` field gets an address, a
``uri`` a URL, a ``*_at`` field a timestamp, an enum one of its values), never the literal ``"example"``.

`fill` builds a value the same way but takes each property from the given sources first (the request's body,
the stored record), so an answer carries what was sent and what is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ._document import Document

__all__ = ["build", "fill", "matches_type", "rfc3339"]


def rfc3339(unix_seconds: float) -> str:
    """``2026-04-23T09:12:00Z``: UTC, no fractional seconds, as the API writes timestamps."""
    return datetime.fromtimestamp(int(unix_seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_MAX_DEPTH = 12  # a recursive schema stops here (a null, or an empty object or list)
_BY_FORMAT = {
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "mail.example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "byte": "AAAA",
}


def _formatted(kind: str, name: str, now: float) -> str | None:
    """A value of the string ``format`` ``kind`` (None for a format with no rule here)."""
    if kind in ("date-time", "date", "time"):
        stamp = rfc3339(now)
        return {"date-time": stamp, "date": stamp[:10], "time": stamp[11:]}[kind]
    if kind in ("uri", "url", "uri-reference", "iri"):
        return "https://example.com/" + name.replace("_", "-")
    return _BY_FORMAT.get(kind)


def _string(schema: Mapping[str, Any], name: str, now: float) -> str:
    words = name.lower()
    formatted = _formatted(str(schema.get("format", "")), words, now)
    if formatted is not None:
        text = formatted
    elif "email" in words:
        text = "user@example.com"
    elif words.endswith(("url", "uri")):
        text = "https://example.com/" + words.replace("_", "-")
    elif words.endswith("_at") or words.endswith("time"):
        text = rfc3339(now)
    elif "domain" in words or "hostname" in words:
        text = "mail.example.com"
    elif words.endswith("id"):
        text = f"{words.removesuffix('_id').removesuffix('id') or 'obj'}_c" + "0" * 24
    else:
        text = (words or "text").replace("_", " ")
    text = text.ljust(int(schema.get("minLength", 0)), "x")
    maximum = schema.get("maxLength")
    return text[: int(maximum)] if maximum is not None else text


def _types(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [str(t) for t in declared]
    if declared:
        return [str(declared)]
    return ["object"] if "properties" in schema else []


def build(document: Document, schema: Any, name: str = "", now: float = 0.0, depth: int = 0) -> Any:
    """A value of ``schema`` (module docstring); ``name`` is the property or parameter it is for."""
    return fill(document, schema, (), name, now, depth)


def matches_type(document: Document, schema: Any, value: Any) -> bool:
    """Whether ``value``'s JSON type is one ``schema`` allows (a cheap check before reusing a sent value)."""
    node = document.fold(schema)
    for keyword in ("oneOf", "anyOf"):
        if node.get(keyword):
            return any(matches_type(document, branch, value) for branch in node[keyword])
    if "const" in node:
        return bool(value == node["const"])
    if isinstance(node.get("enum"), list):
        return value in node["enum"]
    types = _types(node)
    if not types:
        return True
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    actual = "null" if value is None else kind.get(type(value), "")
    return actual in types or (actual == "integer" and "number" in types)


def fill(
    document: Document,
    schema: Any,
    sources: Sequence[Mapping[str, Any]],
    name: str = "",
    now: float = 0.0,
    depth: int = 0,
) -> Any:
    """A value of ``schema`` whose properties come from ``sources`` (first one that has it, when its type fits),
    the rest built."""
    node = document.fold(schema)
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return None
    types = _types(node)
    if "object" in types and node.get("properties"):
        value = {}
        for prop, sub in node["properties"].items():
            given = next((s[prop] for s in sources if prop in s and matches_type(document, sub, s[prop])), _MISSING)
            if given is not _MISSING:
                nested = [given] if isinstance(given, dict) else []
                value[prop] = fill(document, sub, nested, prop, now, depth + 1) if nested else given
            else:
                value[prop] = fill(document, sub, (), prop, now, depth + 1)
        return value
    if sources and isinstance(sources[0], dict) and "object" in types:
        return dict(sources[0])
    for keyword in ("const", "default"):
        if keyword in node:
            return node[keyword]
    if node.get("examples"):
        return node["examples"][0]
    if "example" in node:
        return node["example"]
    if node.get("enum"):
        return next((value for value in node["enum"] if value is not None), None)
    for keyword in ("oneOf", "anyOf"):
        branches = [b for b in node.get(keyword) or [] if document.deref(b).get("type") != "null"]
        if branches:
            return fill(document, branches[0], sources, name, now, depth + 1)
    kind = next((t for t in types if t != "null"), "null" if types else "object")
    if kind == "object":
        return {}
    if kind == "array":
        items = [fill(document, node.get("items", {}), (), name, now, depth + 1)]
        return items * max(1, int(node.get("minItems", 1)))
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", -1) + 1 if "exclusiveMinimum" in node else 0)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(node, name, now)
    return None


_MISSING = object()
