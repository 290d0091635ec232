"""What a JSON Schema says about the data, whatever way it is written, and how two such statements differ.

`$ref`, `allOf` (and with it the envelopes built as `allOf: [SuccessEnvelope, {data: ...}]`), `anyOf` /
`oneOf`, `nullable`, `const` and `enum` with `null` are folded into one `Shape` per schema, so two
documents that say the same thing in different words compare equal: the component names never matter, and
a schema moved inline or into `components` is the same schema. `differences()` compares two shapes location
by location; it is the one schema comparison behind both `make upstream-diff` (tools/upstream/findings.py),
`make upstream-import`'s name clashes (tools/upstream/importer.py)
and `make diff` (tools/specdiff/verdicts.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from ._document import Document
from ._document import SpecError as BrokenReference

__all__ = ["BOTH", "CONSTRAINTS", "ONLY_A", "ONLY_B", "BrokenReference", "Difference", "Place", "Shape", "Shapes"]
__all__ += ["differences", "merge", "places", "plain_types", "say_required", "union"]

# Keywords compared as they are, when both sides state them.
CONSTRAINTS = (
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
)
MAX_DEPTH = 16


@dataclass(frozen=True)
class Shape:
    types: frozenset[str] = frozenset()  # JSON types, "null" included; empty: any type
    format: str | None = None
    enum: frozenset[str] | None = None  # JSON-encoded values; a null is in `types`, not here
    open_enum: bool = False  # the enum sits beside a plain branch of its type: anyOf [Enum, {type: string}]
    constraints: tuple[tuple[str, str], ...] = ()
    properties: dict[str, Shape] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    closed: bool = False  # additionalProperties or unevaluatedProperties: false
    items: Shape | None = None

    def describe_type(self) -> str:
        """`string`, `integer | null`, `string (date-time)`, `enum [a, b]`."""
        if self.enum is not None:
            values = ", ".join(sorted(str(json.loads(value)) for value in self.enum))
            text = f"enum [{values}]" + (" or any string" if self.open_enum else "")
            return text + (" | null" if "null" in self.types else "")
        text = " | ".join(sorted(self.types, key=lambda t: (t == "null", t))) or "any"
        return f"{text} ({self.format})" if self.format else text


ANY = Shape()


def _integer_or_number(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    both = a & b
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        both |= {"integer"}
    return both


def merge(a: Shape, b: Shape) -> Shape:
    """Both hold (allOf)."""
    types = a.types or b.types
    if a.types and b.types:
        types = _integer_or_number(a.types, b.types) or (a.types | b.types)
    enums = [s for s in (a, b) if s.enum is not None]
    enum: frozenset[str] | None = None
    open_enum = False
    if enums:
        enum = enums[0].enum if len(enums) == 1 else a.enum & b.enum  # type: ignore[operator]
        open_enum = all(s.open_enum for s in enums)
    properties = dict(a.properties)
    for name, shape in b.properties.items():
        properties[name] = merge(properties[name], shape) if name in properties else shape
    items = merge(a.items, b.items) if a.items and b.items else (a.items or b.items)
    return Shape(
        types=types,
        format=a.format or b.format,
        enum=enum,
        open_enum=open_enum,
        constraints=tuple(sorted(dict(a.constraints + b.constraints).items())),
        properties=properties,
        required=a.required | b.required,
        closed=a.closed or b.closed,
        items=items,
    )


def union(alternatives: list[Shape]) -> Shape:
    """One of them holds (anyOf, oneOf)."""
    if not alternatives:
        return ANY
    if any(not alt.types and alt.enum is None and not alt.properties for alt in alternatives):
        types: frozenset[str] = frozenset()
    else:
        types = frozenset().union(*(alt.types for alt in alternatives))
    valued = [alt for alt in alternatives if alt.types != frozenset({"null"})]
    enumerated = [alt for alt in valued if alt.enum is not None]
    enum = frozenset().union(*(alt.enum or frozenset() for alt in enumerated)) if enumerated else None
    open_enum = bool(enumerated) and (len(enumerated) < len(valued) or any(alt.open_enum for alt in enumerated))
    formats = {alt.format for alt in valued}
    objects = [alt for alt in valued if alt.properties or "object" in alt.types]
    properties: dict[str, Shape] = {}
    for alt in objects:
        for name, shape in alt.properties.items():
            properties[name] = union([properties[name], shape]) if name in properties else shape
    arrays = [alt.items for alt in valued if alt.items is not None]
    common = set(valued[0].constraints) if valued else set()
    for alt in valued[1:]:
        common &= set(alt.constraints)
    return Shape(
        types=types,
        format=formats.pop() if len(formats) == 1 else None,
        enum=enum,
        open_enum=open_enum,
        constraints=tuple(sorted(common)),
        properties=properties,
        required=frozenset.intersection(*(alt.required for alt in objects)) if objects else frozenset(),
        closed=bool(objects) and all(alt.closed for alt in objects),
        items=union(arrays) if arrays else None,
    )


class Shapes:
    """Folds the schemas of one document into Shapes, following its local `$ref`s."""

    def __init__(self, document: dict[str, Any] | Document) -> None:
        self.spec = document if isinstance(document, Document) else Document(document)
        self.document = self.spec.data
        self._by_ref: dict[str, Shape] = {}
        self._resolving: set[str] = set()

    def resolve(self, ref: str) -> Any:
        """The node a local reference (`#/components/...`) points to."""
        return self.spec.resolve(ref)

    def deref(self, node: Any) -> Any:
        """Follow `$ref` chains of non-schema objects (parameters, responses, headers, request bodies)."""
        return self.spec.deref(node)

    def of(self, schema: Any, depth: int = 0) -> Shape:
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return ANY
        parts = [self._own(schema, depth)]
        ref = schema.get("$ref")
        if isinstance(ref, str):
            parts.append(self._of_ref(ref, depth))
        parts += [self.of(member, depth + 1) for member in schema.get("allOf") or []]
        shape = parts[0]
        for part in parts[1:]:
            shape = merge(shape, part)
        for keyword in ("anyOf", "oneOf"):
            if schema.get(keyword):
                shape = merge(shape, union([self.of(branch, depth + 1) for branch in schema[keyword]]))
        if schema.get("nullable") is True:
            shape = replace(shape, types=shape.types | {"null"}) if shape.types else shape
        return shape

    def _of_ref(self, ref: str, depth: int) -> Shape:
        if ref in self._by_ref:
            return self._by_ref[ref]
        if ref in self._resolving:  # a recursive schema: its inner occurrence is left open
            return ANY
        self._resolving.add(ref)
        try:
            shape = self.of(self.resolve(ref), depth + 1)
        finally:
            self._resolving.discard(ref)
        self._by_ref[ref] = shape
        return shape

    def _own(self, schema: dict[str, Any], depth: int) -> Shape:
        declared = schema.get("type")
        types = frozenset([declared] if isinstance(declared, str) else declared or [])
        values: list[Any] | None = None
        if "const" in schema:
            values = [schema["const"]]
        elif isinstance(schema.get("enum"), list):
            values = list(schema["enum"])
        enum = None
        if values is not None:
            if any(value is None for value in values):
                types |= {"null"}
            enum = frozenset(json.dumps(value, sort_keys=True) for value in values if value is not None)
            if not types:
                types = frozenset(_json_type(value) for value in values)
        properties = {name: self.of(sub, depth + 1) for name, sub in (schema.get("properties") or {}).items()}
        items = self.of(schema["items"], depth + 1) if isinstance(schema.get("items"), dict) else None
        closed = schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False
        constraints = {k: schema[k] for k in CONSTRAINTS if k in schema}
        if types == {"integer"}:  # for integers, exclusiveMinimum: 0 and minimum: 1 are the same promise
            for exclusive, inclusive, step in (("exclusiveMinimum", "minimum", 1), ("exclusiveMaximum", "maximum", -1)):
                bound = constraints.pop(exclusive, None)
                if isinstance(bound, int | float) and not isinstance(bound, bool):
                    constraints[inclusive] = int(bound) + step if bound == int(bound) else math.ceil(bound)
        if properties and not types:
            types = frozenset({"object"})
        return Shape(
            types=types,
            format=schema.get("format"),
            enum=enum,
            constraints=tuple(sorted((k, json.dumps(v)) for k, v in constraints.items())),
            properties=properties,
            required=frozenset(schema.get("required") or []),
            closed=closed,
            items=items,
        )


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


@dataclass(frozen=True)
class Place:
    """One location inside a shape: the shape there, and whether its parent object requires it."""

    shape: Shape
    required: bool | None  # None at the root and for array items


def places(shape: Shape, prefix: str = "") -> dict[str, Place]:
    """Every location of a shape, `data.event_types[]` style, the root under `prefix`."""
    found: dict[str, Place] = {prefix: Place(shape, None)}

    def walk(node: Shape, at: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for name, child in node.properties.items():
            where = f"{at}.{name}" if at else name
            found[where] = Place(child, name in node.required)
            walk(child, where, depth + 1)
        if node.items is not None:
            found[f"{at}[]"] = Place(node.items, None)
            walk(node.items, f"{at}[]", depth + 1)

    walk(shape, prefix, 0)
    return found


# ---- comparing two shapes ----

ONLY_A = "only a"  # the first shape has it, the second lacks it
ONLY_B = "only b"  # the second shape has it, the first lacks it
BOTH = "both"  # both have it and say different things


@dataclass(frozen=True)
class Difference:
    """One thing two shapes say differently at one location (`data.event_types[]`, "" for the root)."""

    at: str
    aspect: str  # property, required, type, format, enum value, enum, open enum, "constraint <keyword>", closed
    side: str  # ONLY_A, ONLY_B or BOTH
    a_says: str | None  # what the first shape says there, in words ("integer | null", "required", ...)
    b_says: str | None
    a: Place | None  # the location in each shape (None on the side that lacks it)
    b: Place | None
    value: str | None = None  # the JSON-encoded value, for `enum value`


def differences(a: Shape, b: Shape) -> list[Difference]:
    """Location by location: properties one side lacks (once, at the top), then what both have but state
    differently. Locations come shallow first, then by name."""
    found: list[Difference] = []
    a_at, b_at = places(a), places(b)
    skipped: list[str] = []  # under a property one side lacks: reported once, at the top
    for at in sorted(set(a_at) | set(b_at), key=lambda p: (p.count(".") + p.count("[]"), p)):
        if any(at.startswith(top + ".") or at.startswith(top + "[]") for top in skipped):
            continue
        if at not in a_at or at not in b_at:
            skipped.append(at)
            place = a_at.get(at) or b_at[at]
            said = place.shape.describe_type() + (", required" if place.required else "")
            if at in a_at:
                found.append(Difference(at, "property", ONLY_A, said, None, place, None))
            else:
                found.append(Difference(at, "property", ONLY_B, None, said, None, place))
            continue
        found += _at(at, a_at[at], b_at[at])
    return found


def _at(at: str, pa: Place, pb: Place) -> list[Difference]:
    """What differs at one location both shapes have."""
    out: list[Difference] = []
    a, b = pa.shape, pb.shape

    def add(aspect: str, side: str, a_says: str | None, b_says: str | None, value: str | None = None) -> None:
        out.append(Difference(at, aspect, side, a_says, b_says, pa, pb, value))

    if pa.required is not None and pa.required != pb.required:
        add("required", BOTH, say_required(pa.required), say_required(bool(pb.required)))
    if plain_types(a.types) != plain_types(b.types):
        add("type", BOTH, a.describe_type(), b.describe_type())
    if a.format != b.format:
        add("format", BOTH, a.format or "none", b.format or "none")
    if a.enum is not None and b.enum is not None:
        for value in sorted(b.enum - a.enum):
            add("enum value", ONLY_B, None, value, value)
        for value in sorted(a.enum - b.enum):
            add("enum value", ONLY_A, value, None, value)
        if a.open_enum != b.open_enum:
            add("open enum", BOTH, _openness(a), _openness(b))
    elif (a.enum is None) != (b.enum is None):
        add("enum", BOTH, a.describe_type(), b.describe_type())
    a_constraints, b_constraints = dict(a.constraints), dict(b.constraints)
    for name in sorted(set(a_constraints) | set(b_constraints)):
        if a_constraints.get(name) != b_constraints.get(name):
            add(f"constraint {name}", BOTH, a_constraints.get(name), b_constraints.get(name))
    if a.closed != b.closed and (a.properties or b.properties):
        add("closed", BOTH, _closedness(a), _closedness(b))
    return out


def plain_types(types: frozenset[str]) -> frozenset[str]:
    """A type set as a reader sees it: `number` and `integer | number` are the same promise."""
    return types - {"integer"} if "number" in types else types


def say_required(required: bool) -> str:
    return "required" if required else "optional"


def _openness(shape: Shape) -> str:
    return "open (any string too)" if shape.open_enum else "closed"


def _closedness(shape: Shape) -> str:
    return "closed to other keys" if shape.closed else "open to other keys"
