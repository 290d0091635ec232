"""Map api-smart-diff's findings onto this client's compatibility rules (RULES below).

api-smart-diff judges a change the generic way. This client differs in two ways, and they are the
reason this module exists: responses are parsed openly (a response enum is `anyOf [EnumRef, string]`,
so a new value is safe even where the generic rule calls it breaking), and the generated code is the
user's API (a renamed operationId renames a module and a function, a changed response type changes an
attribute's type, a request field dropped from a closed body is a removed keyword argument). Whatever
the rules below do not name keeps api-smart-diff's own verdict, under the rule "other".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from smartdiff import HTTP_METHODS, WEBHOOK_ROUTE_PREFIX, Comparison, JsonPath, RawDiff

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
_VALIDATORS = frozenset(
    {
        "maxLength",
        "minLength",
        "pattern",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "multipleOf",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
    }
)
# Keywords that decide the Python type openapi-python-client generates for a field.
_TYPE_KEYWORDS = frozenset({"type", "format", "const", "items", "$ref", "allOf", "anyOf", "oneOf", "not"})
_COMBINATORS = ("allOf", "anyOf", "oneOf")


@dataclass(frozen=True)
class Change:
    """One change, as a user of the client feels it, in one operation."""

    severity: Severity
    rule: str
    operation: str  # "GET /webhooks/{public_id}", "webhook webhookEvent" or "document"
    operation_id: str | None
    location: str  # "request body `event_types[]`", "query parameter `limit`", "response 200 `data.url`"
    detail: str  # "`message.opened`", "`boolean` → `string`", ...
    differ_verdict: str  # what api-smart-diff said
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


def classify(comparison: Comparison) -> list[Change]:
    """Every change between the two documents, classified by this client's rules, without duplicates."""
    return list(dict.fromkeys(_Classifier(comparison).run()))


# ---- helpers on JSON values ----


def _pointer(path: JsonPath) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


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


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _types(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {str(item) for item in value}
    return set()


def _accepts_any_string(schema: Any) -> bool:
    """True when `schema` takes every string as it is (so a value it does not list still parses)."""
    if not isinstance(schema, dict):
        return False
    parts = [schema, *[part for part in schema.get("allOf", []) if isinstance(part, dict)]]
    if any(key in part for part in parts for key in ("enum", "const", "pattern", "format", "not")):
        return False
    return any("string" in _types(part.get("type")) for part in parts)


@dataclass(frozen=True)
class _Spot:
    """Where inside a schema a finding points: the field, and the keyword that changed there."""

    field: str  # "data.event_types[]", "" for the schema root
    keyword: str | None  # None when the whole schema was added, removed or replaced
    tail: JsonPath  # what follows the keyword: a property name, an enum index, ...
    keyword_at: int  # index of the keyword in the schema-relative path


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
            return _Spot("".join(parts).lstrip("."), str(seg), path[i + 1 :], i)
    return _Spot("".join(parts).lstrip("."), None, (), len(path))


def _join(field: str, name: Any) -> str:
    return f"{field}.{name}" if field else str(name)


# ---- the classifier ----


@dataclass(frozen=True)
class _Operation:
    label: str
    operation_id: str | None
    is_webhook: bool


class _Classifier:
    def __init__(self, comparison: Comparison) -> None:
        self.diffs = comparison.diffs
        self.merged = comparison.merged
        # (schema path, property) pairs whose property itself was added or removed: the matching
        # `required` finding says nothing more and is dropped.
        self.property_changes: set[tuple[JsonPath, str]] = set()
        self.required_added: set[tuple[JsonPath, str]] = set()
        self.success_codes: dict[_Operation, tuple[list[str], list[str], list[RawDiff]]] = {}
        for diff in self.diffs:
            if len(diff.path) >= 2 and diff.path[-2] == "properties" and diff.action in ("add", "remove"):
                self.property_changes.add((diff.path[:-2], str(diff.path[-1])))
            if len(diff.path) >= 2 and diff.path[-2] == "required" and diff.action == "add":
                self.required_added.add((diff.path[:-2], str(diff.after)))

    def run(self) -> Iterator[Change]:
        for diff in self.diffs:
            yield from self._document(diff)
        yield from self._success_statuses()

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

    def _by_verdict(self, op: _Operation, location: str, detail: str, diff: RawDiff) -> Change:
        """A request-side change the differ judges well: its verdict says narrowed or widened."""
        rule = {
            "breaking": "request-type-narrowed",
            "non-breaking": "request-type-widened",
            "annotation": "documentation",
            "deprecated": "deprecated",
        }.get(diff.verdict, "other")
        return self._change(rule, op, location, detail, diff)

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
            yield from self._schema(op, diff, location, diff.path[:6], request=True)
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
            yield from self._schema(op, diff, "request body", diff.path[:7], request=True)
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
            yield from self._schema(op, diff, where, diff.path[:8], request=False)
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

    def _schema(self, op: _Operation, diff: RawDiff, where: str, root: JsonPath, *, request: bool) -> Iterator[Change]:
        """A finding inside the schema at `root` (a request body, parameter or response schema)."""
        spot = _split_schema_path(diff.path[len(root) :])
        node_path = diff.path[: len(root) + spot.keyword_at]  # the schema holding the changed keyword
        location = f"{where} `{spot.field}`" if spot.field else where
        keyword = spot.keyword
        if keyword is None:
            if request:
                yield self._by_verdict(op, location, "schema replaced", diff)
            else:
                yield self._change("response-field-type-changed", op, location, "schema replaced", diff)
        elif keyword == "properties" and spot.tail:
            yield from self._property(op, diff, where, spot, node_path, request=request)
        elif keyword == "required":
            yield from self._required(op, diff, where, spot, node_path, request=request)
        elif keyword == "enum":
            yield from self._enum(op, diff, location, spot, node_path, request=request)
        elif keyword == "type":
            yield self._type(op, diff, location, spot, request=request)
        elif keyword in _TYPE_KEYWORDS:
            if request:
                yield self._by_verdict(op, location, f"`{keyword}` changed", diff)
            else:
                yield self._change("response-field-type-changed", op, location, f"`{keyword}` changed", diff)
        elif keyword in _VALIDATORS:
            if diff.action == "replace":
                detail = f"`{keyword}`: {_code(diff.before)} → {_code(diff.after)}"
            else:
                detail = (
                    f"`{keyword}` {_code(diff.after if diff.action == 'add' else diff.before)} {_past(diff.action)}"
                )
            if request:
                yield self._by_verdict(op, location, detail, diff)
            else:
                yield self._change("response-constraint-changed", op, location, detail, diff)
        elif keyword in _DOC_KEYS:
            yield self._change("documentation", op, location, keyword, diff)
        elif keyword == "deprecated":
            yield self._change("deprecated", op, location, f"deprecated: {_code(diff.after)}", diff)
        elif keyword == "additionalProperties" and request:
            yield self._by_verdict(op, location, "`additionalProperties` changed", diff)
        else:
            yield self._other(op, location, diff)

    def _property(
        self, op: _Operation, diff: RawDiff, where: str, spot: _Spot, node_path: JsonPath, *, request: bool
    ) -> Iterator[Change]:
        name = str(spot.tail[0])
        location = f"{where} `{_join(spot.field, name)}`"
        if diff.action not in ("add", "remove") or len(spot.tail) != 1:
            yield self._other(op, location, diff)
        elif not request:
            rule = "response-field-added" if diff.action == "add" else "response-field-removed"
            yield self._change(rule, op, location, f"`{name}`", diff)
        elif diff.action == "remove":
            yield self._change("request-field-removed", op, location, f"`{name}`", diff)
        else:
            required = (node_path, name) in self.required_added
            rule = "request-field-added-required" if required else "request-field-added-optional"
            yield self._change(rule, op, location, f"`{name}`", diff)

    def _required(
        self, op: _Operation, diff: RawDiff, where: str, spot: _Spot, node_path: JsonPath, *, request: bool
    ) -> Iterator[Change]:
        def names(value: Any) -> list[str]:
            if isinstance(value, list):
                return [str(item) for item in value]
            return [] if value is None else [str(value)]

        before, after = names(diff.before), names(diff.after)
        if diff.action == "remove":
            after = []
        elif diff.action == "add":
            before = []
        for name, now_required in [(n, False) for n in before if n not in after] + [
            (n, True) for n in after if n not in before
        ]:
            if (node_path, name) in self.property_changes:
                continue  # the property itself came or went; that finding says it all
            if request:
                rule = "request-field-made-required" if now_required else "request-field-made-optional"
            else:
                rule = "response-field-made-required" if now_required else "response-field-made-optional"
            yield self._change(rule, op, f"{where} `{_join(spot.field, name)}`", f"`{name}`", diff)

    def _enum(
        self, op: _Operation, diff: RawDiff, location: str, spot: _Spot, node_path: JsonPath, *, request: bool
    ) -> Iterator[Change]:
        if not spot.tail and diff.action in ("add", "remove"):
            if not request:  # the field's generated type changes (str <-> Enum)
                yield self._change("response-field-type-changed", op, location, f"`enum` {_past(diff.action)}", diff)
            elif diff.action == "add":  # every value the enum does not list is now refused
                yield self._change("request-enum-narrowed", op, location, "`enum` added", diff)
            else:
                yield self._change("request-enum-widened", op, location, "`enum` removed", diff)
            return
        before, after = _as_list(diff.before), _as_list(diff.after)
        removed = [value for value in before if value not in after]
        added = [value for value in after if value not in before]
        open_enum = self._enum_is_open(node_path)
        for value in removed:
            rule = "request-enum-narrowed" if request else "response-enum-value-removed"
            yield self._change(rule, op, location, _code(value), diff)
        for value in added:
            if request:
                rule = "request-enum-widened"
            else:
                rule = "response-enum-value-added" if open_enum else "response-enum-value-added-closed"
            yield self._change(rule, op, location, _code(value), diff)

    def _enum_is_open(self, node_path: JsonPath) -> bool:
        """True when the enum at `node_path` is one branch of an anyOf/oneOf that also takes any string."""
        end = len(node_path)
        while end >= 2 and node_path[end - 2] in _COMBINATORS and isinstance(node_path[end - 1], int):
            if node_path[end - 2] in ("anyOf", "oneOf"):
                branches = _walk(self.merged, node_path[: end - 1])
                if isinstance(branches, list) and any(
                    _accepts_any_string(branch) for index, branch in enumerate(branches) if index != node_path[end - 1]
                ):
                    return True
            end -= 2
        return False

    def _type(self, op: _Operation, diff: RawDiff, location: str, spot: _Spot, *, request: bool) -> Change:
        if spot.tail:  # one member of a `type: [...]` list came or went
            widened = diff.action == "add"
            detail = f"`{diff.before if diff.action == 'remove' else diff.after}` {_past(diff.action)}"
        else:
            before, after = _types(diff.before), _types(diff.after)
            # No `type` at all accepts everything.
            widened = (not after) or (bool(before) and _covers(after, before))
            detail = f"{_code(diff.before)} → {_code(diff.after)}"
        if not request:
            return self._change("response-field-type-changed", op, location, detail, diff)
        return self._change("request-type-widened" if widened else "request-type-narrowed", op, location, detail, diff)


def _covers(wide: set[str], narrow: set[str]) -> bool:
    """True when every JSON value of a type in `narrow` is also of a type in `wide`."""
    expanded = wide | ({"integer"} if "number" in wide else set())
    return narrow <= expanded
