"""This client's compatibility rules (RULES below), applied to two versions of the spec.

What the schemas say about the data (types, formats, enums, properties, required, constraints) is compared
by `shapes.differences()` (sendmux_spec/shapes.py, the engine `make upstream-diff` uses too) on each
schema after resolving `$ref`, `allOf` envelopes and `anyOf`/nullable, so moving a schema inline or into
`components` changes nothing, and each message names what the schemas say. The rest of the document
(operations, parameters, statuses, headers, documentation, extensions) is api-smart-diff's finding.

This client judges differently from a generic differ in two ways, and they are the reason for the rules:
responses are parsed openly (a response enum is `anyOf [EnumRef, string]`, so a new value is safe), and
the request side is strict (closed bodies: a dropped field is a removed keyword argument). Python-level
breaks (a renamed model, a changed return type) are not judged here: griffe names them (python_breaks.py).
Whatever the rules below do not name keeps api-smart-diff's own verdict, under the rule "other".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from sendmux_spec import HEADER_TEXT, HTTP_METHODS, pointer
from sendmux_spec.shapes import CONSTRAINTS, ONLY_A, ONLY_B, BrokenReference, Difference, Shape, Shapes, differences
from tools.specdiff.smartdiff import WEBHOOK_ROUTE_PREFIX, Comparison, JsonPath, RawDiff

Severity = Literal["breaking", "non-breaking", "documentation"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "non-breaking", "documentation")


@dataclass(frozen=True)
class Rule:
    severity: Severity | None  # None: api-smart-diff's verdict decides
    title: str


RULES: dict[str, Rule] = {
    # breaking
    "operation-removed": Rule("breaking", "removed operation"),
    "operation-renamed": Rule(
        "breaking", "renamed operation (the method named after it is renamed, unless x-sendmux-method names it)"
    ),
    "parameter-removed": Rule("breaking", "removed parameter"),
    "parameter-added-required": Rule("breaking", "new required parameter"),
    "parameter-made-required": Rule("breaking", "parameter became required"),
    "request-field-added-required": Rule("breaking", "new required request field"),
    "request-field-made-required": Rule("breaking", "request field became required"),
    "request-field-removed": Rule("breaking", "removed request field (narrowed request type)"),
    "request-type-narrowed": Rule("breaking", "narrowed request type"),
    "request-enum-narrowed": Rule("breaking", "narrowed request enum (value removed)"),
    "response-field-removed": Rule("breaking", "removed response field"),
    "response-field-made-optional": Rule("breaking", "response field may now be absent"),
    "response-field-type-changed": Rule("breaking", "changed response field type"),
    "response-enum-value-added-closed": Rule("breaking", "new value in a closed response enum (old clients reject it)"),
    "success-status-changed": Rule("breaking", "changed success status"),
    # non-breaking
    "operation-added": Rule("non-breaking", "new operation"),
    "parameter-added-optional": Rule("non-breaking", "new optional parameter"),
    "parameter-made-optional": Rule("non-breaking", "parameter became optional"),
    "request-field-added-optional": Rule("non-breaking", "new optional request field"),
    "request-field-made-optional": Rule("non-breaking", "request field became optional"),
    "request-type-widened": Rule("non-breaking", "widened request type"),
    "request-enum-widened": Rule("non-breaking", "widened request enum"),
    "response-field-added": Rule("non-breaking", "new response field"),
    "response-field-made-required": Rule("non-breaking", "response field now always present"),
    "response-enum-value-added": Rule("non-breaking", "new response enum value (responses parse enums openly)"),
    "response-enum-value-removed": Rule("non-breaking", "response enum value no longer listed"),
    "response-constraint-changed": Rule("non-breaking", "changed response constraint (responses are not validated)"),
    "deprecated": Rule("non-breaking", "deprecation"),
    # neither
    "documentation": Rule("documentation", "documentation only"),
    "header-pattern-restates-http": Rule(
        "documentation", "a header's pattern now says printable ASCII, all an HTTP header value holds anyway"
    ),
    # x-sendmux-* extensions shape the generated Python layer only; what that does to Python users is the
    # griffe check's to say (make diff prints it after the spec report).
    "extension": Rule("non-breaking", "client extension changed (see the Python API check)"),
    "other": Rule(None, "other change (api-smart-diff's verdict)"),
}

_DIFFER_SEVERITY: dict[str, Severity] = {
    "breaking": "breaking",
    "non-breaking": "non-breaking",
    "deprecated": "non-breaking",
    "annotation": "documentation",
    # Nothing we rely on is unclassified; if something is, a person should look before it ships.
    "unclassified": "breaking",
}

# Component sections the differ dereferences into every operation that uses them; a change there is
# reported where it is felt, operation by operation, and not a second time under `components`.
_DEREFERENCED = frozenset({"schemas", "parameters", "responses", "headers", "requestBodies", "examples", "links"})
_DOC_KEYS = frozenset({"summary", "description", "title", "tags", "externalDocs", "example", "examples", "$comment"})
# What shapes.differences() judges; api-smart-diff's findings on these keywords are dropped.
SHAPE_KEYWORDS = frozenset(
    {"type", "format", "enum", "const", "nullable", "properties", "required", "items", "$ref"}
    | {"allOf", "anyOf", "oneOf", "additionalProperties", "unevaluatedProperties", *CONSTRAINTS}
)
_COMBINATORS = ("allOf", "anyOf", "oneOf")
# String formats openapi-python-client turns into another Python type (datetime, date, File, UUID).
_PYTHON_TYPED_FORMATS = frozenset({"date-time", "date", "binary", "uuid"})
# Request constraints: the bound a larger value makes wider (max*) or narrower (min*); the rest only narrow.
_UPPER_BOUNDS = frozenset({"maxLength", "maximum", "exclusiveMaximum", "maxItems"})
_LOWER_BOUNDS = frozenset({"minLength", "minimum", "exclusiveMinimum", "minItems"})


@dataclass(frozen=True)
class Change:
    """One change, as a user of the client feels it, in one operation."""

    severity: Severity
    rule: str
    operation: str  # "GET /webhooks/{public_id}", "webhook webhookEvent" or "document"
    operation_id: str | None
    location: str  # "request body `event_types[]`", "query parameter `limit`", "response 200 `data.url`"
    detail: str  # "`message.opened`", "`boolean` → `string`", ...
    differ_verdict: str | None  # what api-smart-diff said; None where shapes.differences() judged
    differ_path: str  # JSON pointer into the dereferenced document

    @property
    def title(self) -> str:
        return RULES[self.rule].title

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "title": self.title,
            "operation": self.operation,
            "operation_id": self.operation_id,
            "location": self.location,
            "detail": self.detail,
            "differ_verdict": self.differ_verdict,
            "differ_path": self.differ_path,
        }


def classify(comparison: Comparison, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every change from `before` to `after` (api-smart-diff's `comparison` of them), classified by this
    client's rules, without duplicates."""
    return list(dict.fromkeys(_Classifier(comparison, before, after).run()))


# ---- helpers on JSON values ----


def _pointer(path: JsonPath) -> str:
    return pointer(*path)[1:]


def _walk(node: Any, path: JsonPath) -> Any:
    for part in path:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            return None
    return node


def _code(value: Any) -> str:
    if isinstance(value, list):
        return "`[" + ", ".join(str(item) for item in value) + "]`"
    return f"`{value}`"


def _past(action: str) -> str:
    return {"add": "added", "remove": "removed", "rename": "renamed"}.get(action, "changed")


@dataclass(frozen=True)
class _Spot:
    """Where inside a schema a finding of api-smart-diff points: the field, and the keyword that changed."""

    field: str  # "data.event_types[]", "" for the schema root
    keyword: str | None  # None when the whole schema was added, removed or replaced


def _split_schema_path(path: JsonPath) -> _Spot:
    parts: list[str] = []
    i = 0
    while i < len(path):
        seg = path[i]
        remaining = len(path) - i
        if seg == "properties" and remaining > 2:
            parts.append(f".{path[i + 1]}")
            i += 2
        elif seg in ("items", "additionalProperties") and remaining > 1:
            parts.append("[]" if seg == "items" else ".*")
            i += 1
        elif seg in _COMBINATORS and remaining > 2:
            i += 2  # a branch of a composition is the same field
        else:
            return _Spot("".join(parts).lstrip("."), str(seg))
    return _Spot("".join(parts).lstrip("."), None)


# ---- the schemas a user meets, and what changed in them ----


@dataclass(frozen=True)
class _Operation:
    label: str
    operation_id: str | None
    is_webhook: bool


@dataclass(frozen=True)
class _Schema:
    """One schema a user meets: a parameter's, a request body's, a response's or a delivery's."""

    op: _Operation
    where: str  # "query parameter `limit`", "request body", "response 201", "payload"
    request: bool  # the user sends it; otherwise the user reads it
    path: JsonPath  # where it sits in the document, as if every `$ref` were resolved
    schema: Any


def _media(owner: Any) -> list[tuple[str, Any]]:
    content = owner.get("content") if isinstance(owner, dict) else None
    return [
        (media, entry["schema"])
        for media, entry in (content or {}).items()
        if isinstance(entry, dict) and "schema" in entry
    ]


def _schemas(document: dict[str, Any], shapes: Shapes, side: str) -> dict[tuple[str, ...], _Schema]:
    """Every schema of the document's operations and delivery webhooks, keyed so both versions pair up."""
    try:
        return _schemas_of(document, shapes)
    except BrokenReference as exc:
        raise BrokenReference(f"the {side} spec: {exc}") from exc


def _schemas_of(document: dict[str, Any], shapes: Shapes) -> dict[tuple[str, ...], _Schema]:
    found: dict[tuple[str, ...], _Schema] = {}
    for route, item in (document.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            op = _Operation(f"{method.upper()} {route}", operation.get("operationId"), False)
            at: JsonPath = ("paths", route, method)
            for base, owner in ((("paths", route), item), (at, operation)):  # the operation's own win
                for index, raw in enumerate(owner.get("parameters") or []):
                    param = shapes.deref(raw)
                    if not isinstance(param, dict) or "schema" not in param:
                        continue
                    location, name = str(param.get("in", "?")), str(param.get("name"))
                    where = f"{location} parameter `{name}`"
                    key = (route, method, "parameter", location, name.lower() if location == "header" else name)
                    found[key] = _Schema(op, where, True, (*base, "parameters", index, "schema"), param["schema"])
            for media, schema in _media(shapes.deref(operation.get("requestBody"))):
                path = (*at, "requestBody", "content", media, "schema")
                found[(route, method, "request", media)] = _Schema(op, "request body", True, path, schema)
            for status, response in (operation.get("responses") or {}).items():
                for media, schema in _media(shapes.deref(response)):
                    path = (*at, "responses", status, "content", media, "schema")
                    found[(route, method, str(status), media)] = _Schema(op, f"response {status}", False, path, schema)
    for name, item in (document.get("webhooks") or {}).items():
        for method, operation in (item or {}).items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            op = _Operation(f"webhook {name}", operation.get("operationId"), True)
            for media, schema in _media(shapes.deref(operation.get("requestBody"))):
                path = ("webhooks", name, method, "requestBody", "content", media, "schema")
                # A delivery is read, like a response.
                found[(WEBHOOK_ROUTE_PREFIX + name, method, "payload", media)] = _Schema(
                    op, "payload", False, path, schema
                )
    return found


def _shape(shapes: Shapes, schema: _Schema, side: str) -> Shape:
    try:
        return shapes.of(schema.schema)
    except BrokenReference as exc:
        raise BrokenReference(f"the {side} spec, {schema.op.label} {schema.where}: {exc}") from exc


def _type_text(shape: Shape) -> str:
    types = sorted(shape.types, key=lambda t: (t == "null", t))
    if not types:
        return "any type"
    return _code(types[0] if len(types) == 1 else types)


def _values_text(shape: Shape) -> str:
    """`one of [a, b]` (an enum or a const), else the type."""
    if shape.enum is None:
        return _type_text(shape)
    text = "one of " + _code(sorted(str(json.loads(value)) for value in shape.enum))
    return text + (" or any string" if shape.open_enum else "")


def _last_name(at: str) -> str:
    return next((part for part in reversed(re.split(r"\.|\[\]", at)) if part), at)


def _at_pointer(at: str) -> JsonPath:
    """`data[].shape` -> properties/data/items/properties/shape."""
    parts: list[str] = []
    for token in re.findall(r"\[\]|[^.\[\]]+", at):
        parts += ["items"] if token == "[]" else ["properties", token]
    return tuple(parts)


def _constraint_widens(name: str, before: Any, after: Any) -> bool:
    """Whether a request constraint changing from `before` to `after` (None: not stated) accepts more."""
    if after is None:
        return True
    if before is None:
        return False
    if name in _UPPER_BOUNDS:
        return bool(after > before)
    if name in _LOWER_BOUNDS:
        return bool(after < before)
    if name == "uniqueItems":
        return not after
    return False  # pattern, multipleOf: another value accepts other strings or numbers


def _restates_http(d: Difference, where: str) -> bool:
    """A pattern stated on a header that says only what every HTTP header value is (printable ASCII)."""
    if d.aspect != "constraint pattern" or not where.startswith("header") or d.b_says is None:
        return False
    return json.loads(d.b_says) in HEADER_TEXT


def judge(d: Difference, *, request: bool) -> tuple[str, str, JsonPath]:
    """(rule, detail, keyword path) for one shapes.Difference between the old schema (a) and the new (b)."""
    a = d.a.shape if d.a else None
    b = d.b.shape if d.b else None
    widened = "request-type-widened"
    narrowed = "request-type-narrowed"
    if d.aspect == "property" and d.at.endswith("[]"):  # an array's items came or went
        added = d.side == ONLY_B
        rule = (narrowed if added else widened) if request else "response-field-type-changed"
        return rule, "array items now described" if added else "array items no longer described", ()
    if d.aspect == "property":
        name = f"`{_last_name(d.at)}`"
        if d.side == ONLY_A:
            return ("request-field-removed" if request else "response-field-removed"), name, ()
        if not request:
            return "response-field-added", name, ()
        required = d.b is not None and bool(d.b.required)
        return ("request-field-added-required" if required else "request-field-added-optional"), name, ()
    assert a is not None and b is not None, d  # every other aspect is about a location both have
    if d.aspect == "required":
        now = bool(d.b and d.b.required)
        side = "request-field" if request else "response-field"
        return f"{side}-made-{'required' if now else 'optional'}", f"`{_last_name(d.at)}`", ("required",)
    if d.aspect == "type":
        detail = f"{_type_text(a)} → {_type_text(b)}"
        if not request:
            return "response-field-type-changed", detail, ("type",)
        wider = not b.types or (bool(a.types) and _covers(set(b.types), set(a.types)))
        return (widened if wider else narrowed), detail, ("type",)
    if d.aspect == "format":
        if a.format is None:
            detail = f"`format` `{b.format}` added"
        elif b.format is None:
            detail = f"`format` `{a.format}` removed"
        else:
            detail = f"`format`: `{a.format}` → `{b.format}`"
        if request:
            return (widened if b.format is None else narrowed), detail, ("format",)
        typed = {a.format, b.format} & _PYTHON_TYPED_FORMATS  # the attribute's Python type changes with it
        return ("response-field-type-changed" if typed else "response-constraint-changed"), detail, ("format",)
    if d.aspect == "enum value":
        detail = _code(json.loads(d.value or "null"))
        if request:
            return ("request-enum-widened" if d.side == ONLY_B else "request-enum-narrowed"), detail, ("enum",)
        if d.side == ONLY_A:
            return "response-enum-value-removed", detail, ("enum",)
        return ("response-enum-value-added" if b.open_enum else "response-enum-value-added-closed"), detail, ("enum",)
    if d.aspect in ("enum", "open enum"):
        detail = f"{_values_text(a)} → {_values_text(b)}"
        if not request:  # the generated attribute's type changes (str, an Enum, or an Enum that takes any string)
            return "response-field-type-changed", detail, ("enum",)
        if d.aspect == "enum":
            return ("request-enum-narrowed" if b.enum is not None else "request-enum-widened"), detail, ("enum",)
        return ("request-enum-widened" if b.open_enum else "request-enum-narrowed"), detail, ("enum",)
    if d.aspect.startswith("constraint "):
        name = d.aspect.removeprefix("constraint ")
        before, after = (json.loads(said) if said is not None else None for said in (d.a_says, d.b_says))
        if before is None:
            detail = f"`{name}` {_code(after)} added"
        elif after is None:
            detail = f"`{name}` {_code(before)} removed"
        else:
            detail = f"`{name}`: {_code(before)} → {_code(after)}"
        if not request:
            return "response-constraint-changed", detail, (name,)
        return (widened if _constraint_widens(name, before, after) else narrowed), detail, (name,)
    if d.aspect == "closed":
        detail = f"{d.a_says} → {d.b_says}"
        if not request:
            return "response-constraint-changed", detail, ("additionalProperties",)
        return (narrowed if b.closed else widened), detail, ("additionalProperties",)
    raise AssertionError(f"shapes.differences() has an aspect the rules do not know: {d.aspect}")


# ---- the classifier ----


class _Classifier:
    def __init__(self, comparison: Comparison, before: dict[str, Any], after: dict[str, Any]) -> None:
        self.diffs = comparison.diffs
        self.merged = comparison.merged
        self.before = before
        self.after = after
        self.success_codes: dict[_Operation, tuple[list[str], list[str], list[RawDiff]]] = {}

    def run(self) -> Iterator[Change]:
        for diff in self.diffs:
            yield from self._document(diff)
        yield from self._shapes()
        yield from self._success_statuses()

    def _shapes(self) -> Iterator[Change]:
        """What each schema says, compared where both versions have it (the rest is api-smart-diff's)."""
        before_shapes, after_shapes = Shapes(self.before), Shapes(self.after)
        old = _schemas(self.before, before_shapes, "base")
        for key, new in _schemas(self.after, after_shapes, "new").items():
            if key not in old:
                continue
            for d in differences(_shape(before_shapes, old[key], "base"), _shape(after_shapes, new, "new")):
                rule, detail, keyword = judge(d, request=new.request)
                if _restates_http(d, new.where):
                    rule = "header-pattern-restates-http"
                yield Change(
                    severity=RULES[rule].severity or "breaking",
                    rule=rule,
                    operation=new.op.label,
                    operation_id=new.op.operation_id,
                    location=f"{new.where} `{d.at}`" if d.at else new.where,
                    detail=detail,
                    differ_verdict=None,
                    differ_path=_pointer((*new.path, *_at_pointer(d.at), *keyword)),
                )

    # -- building blocks --

    def _change(self, rule: str, op: _Operation | None, location: str, detail: str, diff: RawDiff) -> Change:
        severity = RULES[rule].severity or _DIFFER_SEVERITY.get(diff.verdict, "breaking")
        return Change(
            severity=severity,
            rule=rule,
            operation=op.label if op else "document",
            operation_id=op.operation_id if op else None,
            location=location,
            detail=detail,
            differ_verdict=diff.verdict,
            differ_path=_pointer(diff.path),
        )

    def _other(self, op: _Operation | None, location: str, diff: RawDiff) -> Change:
        key = diff.path[-1] if diff.path else ""
        detail = f"{_past(diff.action)} `{key}`"
        if str(key).startswith("x-"):
            return self._change("extension", op, location, detail, diff)
        if diff.action == "replace" and not isinstance(diff.before, dict | list):
            detail += f": {_code(diff.before)} → {_code(diff.after)}"
        return self._change("other", op, location, detail, diff)

    def _operation(self, route: str, method: str, diff: RawDiff) -> _Operation:
        node = _walk(self.merged, ("paths", route, method))
        op_id = node.get("operationId") if isinstance(node, dict) else None
        for side in (diff.before, diff.after):
            if op_id is None and isinstance(side, dict):
                op_id = side.get("operationId")
        if route.startswith(WEBHOOK_ROUTE_PREFIX):
            return _Operation(f"webhook {route.removeprefix(WEBHOOK_ROUTE_PREFIX)}", op_id, True)
        return _Operation(f"{method.upper()} {route}", op_id, False)

    # -- document level --

    def _document(self, diff: RawDiff) -> Iterator[Change]:
        path = diff.path
        head = path[0] if path else None
        if head == "paths" and len(path) >= 2:
            yield from self._path_item(diff)
        elif path == ("info", "version"):
            return  # shown in the report's header; it decides the exit status
        elif head in ("info", "tags", "externalDocs"):
            yield self._change("documentation", None, _pointer(path), "", diff)
        elif head == "components" and len(path) >= 2 and path[1] in _DEREFERENCED:
            return
        else:
            yield self._other(None, _pointer(path), diff)

    def _path_item(self, diff: RawDiff) -> Iterator[Change]:
        route = str(diff.path[1])
        if len(diff.path) == 2:  # a whole route came or went: one finding per operation
            item = diff.after if diff.action == "add" else diff.before
            if diff.action in ("add", "remove") and isinstance(item, dict):
                for method, operation in item.items():
                    if method in HTTP_METHODS:
                        sub = RawDiff(diff.verdict, diff.action, (*diff.path, method), None, None)
                        if diff.action == "add":
                            sub = RawDiff(diff.verdict, "add", sub.path, None, operation)
                        else:
                            sub = RawDiff(diff.verdict, "remove", sub.path, operation, None)
                        yield from self._operation_diff(route, method, sub)
                return
            yield self._other(None, route, diff)
            return
        method = str(diff.path[2])
        if method not in HTTP_METHODS:
            if method in _DOC_KEYS:
                yield self._change("documentation", None, route, method, diff)
            else:
                yield self._other(None, f"{route} {method}", diff)
            return
        yield from self._operation_diff(route, method, diff)

    def _operation_diff(self, route: str, method: str, diff: RawDiff) -> Iterator[Change]:
        op = self._operation(route, method, diff)
        rest = diff.path[3:]
        if not rest:
            if diff.action in ("add", "remove"):
                rule = "operation-added" if diff.action == "add" else "operation-removed"
                yield self._change(rule, op, op.label, "", diff)
            else:
                yield self._other(op, op.label, diff)
            return
        key = rest[0]
        if key == "operationId":
            yield self._change("operation-renamed", op, op.label, f"{_code(diff.before)} → {_code(diff.after)}", diff)
        elif key == "parameters":
            yield from self._parameter(op, diff)
        elif key == "requestBody":
            yield from self._request_body(op, diff)
        elif key == "responses":
            yield from self._response(op, diff)
        elif key == "deprecated":
            yield self._change("deprecated", op, op.label, f"deprecated: {_code(diff.after)}", diff)
        elif key in _DOC_KEYS:
            yield self._change("documentation", op, op.label, str(key), diff)
        else:
            yield self._other(op, op.label, diff)

    # -- parameters --

    def _parameter(self, op: _Operation, diff: RawDiff) -> Iterator[Change]:
        rest = diff.path[3:]
        if len(rest) == 1:  # the whole list came or went
            before = diff.before if isinstance(diff.before, list) else []
            after = diff.after if isinstance(diff.after, list) else []
            for param in after:
                yield self._parameter_added(op, param, diff)
            for param in before:
                yield self._change("parameter-removed", op, self._parameter_location(param), "", diff)
            return
        param = _walk(self.merged, diff.path[:5])
        if not isinstance(param, dict) or "name" not in param:
            param = diff.after if diff.action == "add" else diff.before
        location = self._parameter_location(param)
        if len(rest) == 2:
            if diff.action == "add":
                yield self._parameter_added(op, diff.after, diff)
            elif diff.action == "remove":
                yield self._change("parameter-removed", op, location, "", diff)
            else:
                yield self._other(op, location, diff)
            return
        key = rest[2]
        if key == "required":
            now_required = bool(diff.after) if diff.action != "remove" else False
            rule = "parameter-made-required" if now_required else "parameter-made-optional"
            yield self._change(rule, op, location, "", diff)
        elif key == "schema":
            yield from self._schema(op, diff, location, diff.path[:6])
        elif key in _DOC_KEYS:
            yield self._change("documentation", op, location, str(key), diff)
        elif key == "deprecated":
            yield self._change("deprecated", op, location, f"deprecated: {_code(diff.after)}", diff)
        else:
            yield self._other(op, location, diff)

    @staticmethod
    def _parameter_location(param: Any) -> str:
        if not isinstance(param, dict):
            return "parameter"
        return f"{param.get('in', '?')} parameter `{param.get('name', '?')}`"

    def _parameter_added(self, op: _Operation, param: Any, diff: RawDiff) -> Change:
        required = isinstance(param, dict) and (bool(param.get("required")) or param.get("in") == "path")
        rule = "parameter-added-required" if required else "parameter-added-optional"
        return self._change(rule, op, self._parameter_location(param), "", diff)

    # -- request body --

    def _request_body(self, op: _Operation, diff: RawDiff) -> Iterator[Change]:
        rest = diff.path[3:]
        if len(rest) >= 4 and rest[1] == "content" and rest[3] == "schema":
            yield from self._schema(op, diff, "request body", diff.path[:7])
        elif len(rest) >= 4 and rest[1] == "content" and rest[3] in _DOC_KEYS:
            yield self._change("documentation", op, "request body", str(rest[3]), diff)
        elif len(rest) == 2 and rest[1] in _DOC_KEYS:
            yield self._change("documentation", op, "request body", str(rest[1]), diff)
        else:
            yield self._other(op, "request body", diff)

    # -- responses --

    def _response(self, op: _Operation, diff: RawDiff) -> Iterator[Change]:
        rest = diff.path[3:]
        if len(rest) == 1:
            yield self._other(op, "responses", diff)
            return
        code = str(rest[1])
        where = "payload" if op.is_webhook else f"response {code}"
        if len(rest) == 2:
            if code.startswith("2") and diff.action in ("add", "remove") and not op.is_webhook:
                removed, added, diffs = self.success_codes.setdefault(op, ([], [], []))
                (added if diff.action == "add" else removed).append(code)
                diffs.append(diff)
            else:
                yield self._other(op, where, diff)
            return
        key = rest[2]
        if key == "content" and len(rest) >= 5 and rest[4] == "schema":
            yield from self._schema(op, diff, where, diff.path[:8])
        elif key == "content" and len(rest) >= 5 and rest[4] in _DOC_KEYS:
            yield self._change("documentation", op, where, str(rest[4]), diff)
        elif key in ("description", "links"):
            # openapi-python-client ignores links; they matter to tools like schemathesis, not to users.
            yield self._change("documentation", op, where, str(key), diff)
        elif key == "headers" and len(rest) >= 4:
            yield self._other(op, f"{where} header `{rest[3]}`", diff)
        elif key == "headers" and diff.action in ("add", "remove"):  # the whole map: one finding per header
            headers = diff.after if diff.action == "add" else diff.before
            for name in headers if isinstance(headers, dict) else []:
                header = RawDiff(diff.verdict, diff.action, (*diff.path, name), None, None)
                yield self._other(op, f"{where} header `{name}`", header)
        else:
            yield self._other(op, where, diff)

    def _success_statuses(self) -> Iterator[Change]:
        for op, (removed, added, diffs) in self.success_codes.items():
            if removed:
                detail = f"{', '.join(sorted(removed))} → {', '.join(sorted(added)) or 'none'}"
                removal = next(diff for diff in diffs if diff.action == "remove")
                yield self._change("success-status-changed", op, op.label, detail, removal)
            else:
                for diff in diffs:
                    yield self._other(op, f"response {diff.path[4]}", diff)

    # -- schemas --

    def _schema(self, op: _Operation, diff: RawDiff, where: str, root: JsonPath) -> Iterator[Change]:
        """api-smart-diff's finding inside the schema at `root`. What the schema says about the data is
        shapes.differences()'s to judge (see _shape_changes), so those findings are dropped here: they
        follow how the schema is written, `$ref`s and `allOf`s included. Kept: documentation, deprecation,
        extensions, and keywords the shapes do not model (`default`, `not`, `discriminator`, maps, ...)."""
        spot = _split_schema_path(diff.path[len(root) :])
        keyword = spot.keyword
        outside_shapes = ".*" in spot.field  # additionalProperties as a schema (a map): shapes leave it out
        if not outside_shapes and (keyword is None or keyword in SHAPE_KEYWORDS):
            return
        location = f"{where} `{spot.field}`" if spot.field else where
        if keyword in _DOC_KEYS:
            yield self._change("documentation", op, location, str(keyword), diff)
        elif keyword == "deprecated":
            yield self._change("deprecated", op, location, f"deprecated: {_code(diff.after)}", diff)
        else:
            yield self._other(op, location, diff)


def _covers(wide: set[str], narrow: set[str]) -> bool:
    """True when every JSON value of a type in `narrow` is also of a type in `wide`."""
    expanded = wide | ({"integer"} if "number" in wide else set())
    return narrow <= expanded
