"""``allOf`` folded: one way of writing each schema, whichever house style wrote it.

Sendmux's published document writes every answer as ``allOf: [{$ref: SuccessEnvelope}, {properties: {data,
meta, pagination}}]`` closed with ``unevaluatedProperties: false``, a nullable reference as ``allOf: [{$ref: X},
{type: object}]``, and a constant as ``enum: [true]``; openapi.yaml writes the same JSON as one flat object,
``{$ref: X}`` and ``const: true``. :func:`fold` merges one schema's ``allOf``; :func:`normalized` rewrites a
whole document that way, so every reader (and openapi-python-client, which refuses ``allOf`` of a bare
``type: object``) sees one shape. Nothing here changes what JSON a schema accepts.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._document import Document

__all__ = ["fold", "normalized", "says_nothing"]

Node = dict[str, Any]
# Keywords that describe rather than constrain.
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly"})
# Values that are data, not schemas: never rewritten.
_DATA = frozenset({"example", "examples", "default", "const", "enum"})


def says_nothing(schema: Any) -> bool:
    """True for a schema that admits every object (``{type: object}``, ``{}``, an empty ``properties``...),
    as the second member of ``allOf: [{$ref: X}, {type: object}]`` does."""
    if not isinstance(schema, dict):
        return False
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key == "type" and value == "object":
            continue
        if key == "properties" and value == {}:
            continue
        if key in ("additionalProperties", "unevaluatedProperties") and value in ({}, True):
            continue
        return False
    return True


def _merge_property(a: Any, b: Any) -> Any:
    if a == b or says_nothing(b):
        return a
    if says_nothing(a):
        return b
    return {"allOf": [a, b]}


def _merge(a: Node, b: Node) -> Node:
    """Both hold: properties side by side (a property both name holds both ways), required joined, closed if
    either is closed; for any other keyword the first statement stands."""
    merged = dict(a)
    for key, value in b.items():
        if key == "properties":
            properties = dict(merged.get("properties") or {})
            for name, schema in (value or {}).items():
                properties[name] = _merge_property(properties[name], schema) if name in properties else schema
            merged["properties"] = properties
        elif key == "required":
            merged["required"] = list(dict.fromkeys([*(merged.get("required") or []), *(value or [])]))
        elif key == "additionalProperties":
            if value is False or "additionalProperties" not in merged or says_nothing(merged["additionalProperties"]):
                merged[key] = value
        elif key not in merged:
            merged[key] = value
    return merged


def fold(document: Document, schema: Any, _depth: int = 0) -> Node:
    """``schema`` with ``$ref`` followed and ``allOf`` merged into one schema (its members' own ``$ref``s and
    ``allOf``s too); properties keep their schemas as written. ``unevaluatedProperties: false`` on the ``allOf``
    closes the merged object (``additionalProperties: false``)."""
    node = document.deref(schema)
    if not isinstance(node, dict):
        return {}
    if "allOf" not in node or _depth > 16:
        return node
    result: Node = {key: value for key, value in node.items() if key not in ("allOf", "unevaluatedProperties")}
    for member in node["allOf"]:
        if not says_nothing(member):
            result = _merge(result, fold(document, member, _depth + 1))
    if node.get("unevaluatedProperties") is False:
        result["additionalProperties"] = False
    if "properties" in result and "type" not in result:
        result["type"] = "object"
    return result


def _rewrite(document: Document, node: Node) -> Node:
    """One schema in the one way: ``allOf`` of a reference and members that say nothing becomes the reference;
    any other ``allOf`` one merged object; ``unevaluatedProperties: false`` becomes ``additionalProperties:
    false``; an enum of one boolean a ``const``."""
    if "allOf" in node:
        members = node["allOf"]
        refs = [m for m in members if isinstance(m, dict) and "$ref" in m]
        if len(refs) == 1 and all(says_nothing(m) for m in members if m is not refs[0]):
            rest = {k: v for k, v in node.items() if k in _ANNOTATIONS or k.startswith("x-")}
            return {**rest, "$ref": refs[0]["$ref"]}
        node = _walk(document, copy.deepcopy(fold(document, node)))
    if node.get("unevaluatedProperties") is False:
        node = {("additionalProperties" if k == "unevaluatedProperties" else k): v for k, v in node.items()}
    enum = node.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], bool):
        node = {**{k: v for k, v in node.items() if k != "enum"}, "const": enum[0]}
    return node


# Maps from a name to a schema: every value is a schema, whatever its name ("enum" included).
_NAMED = frozenset({"properties", "patternProperties", "$defs", "schemas"})


def _walk(document: Document, node: Any) -> Any:
    if isinstance(node, list):
        return [_walk(document, value) for value in node]
    if not isinstance(node, dict):
        return node
    walked: Node = {}
    for key, value in node.items():
        if key in _NAMED and isinstance(value, dict):
            walked[key] = {name: _walk(document, schema) for name, schema in value.items()}
        else:
            walked[key] = value if key in _DATA else _walk(document, value)
    return _rewrite(document, walked)


def normalized(document: Document) -> Node:
    """A copy of the whole document with every schema written the one way (module docstring)."""
    return _walk(document, document.data)  # type: ignore[no-any-return]
