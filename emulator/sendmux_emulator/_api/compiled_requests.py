"""Each operation's request checks, built once at start-up instead of on every request.

openapi-core walks the spec and builds a validator for every parameter and body on every request (about 2 ms
for a GET). Here each operation's parameters (where they are read from, how they are cast, their defaults)
and a validator per schema are built once, with plain jsonschema judging as openapi-core's OpenAPI 3.1 validator
does (`_spec.schema_checks`), so the emulator answers without loading openapi-core at all. A request they accept
is read the way openapi-core reads it (casts, defaults filled in); anything else (a rejection, or a shape with no
rule here: composed or model-typed bodies, formats openapi-core turns into objects, parameter styles beyond the
default, a document other than OpenAPI 3.1) goes to openapi-core, whose errors make the 400/422 answers.
tests/emulator/test_compiled_requests.py holds both to the same results over every operation of openapi.yaml and
of the rehearsal specs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._spec.document import FORMATS, spec_dict
from .._spec.schema_checks import SchemaChecks

__all__ = ["CompiledOperation", "Read", "compile_operations", "compiled_operation", "served_operations"]

# openapi-core turns strings of these formats into other objects (dates, UUIDs, bytes).
_UNMARSHALLED_FORMATS = frozenset({"date", "date-time", "uuid", "byte", "binary"})
# Keywords after which openapi-core's reading of a body is more than "JSON with defaults filled in".
_NO_RULE = frozenset({"allOf", "oneOf", "anyOf", "$schema", "$dynamicRef", "x-model", "x-model-path"})
_DEFAULT_STYLE = {"path": "simple", "header": "simple", "query": "form"}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MISSING = object()
# openapi-core's readings of a boolean parameter (openapi_core.util; the test holds these to them).
BOOLEAN_TRUE_VALUES = ("y", "yes", "t", "true", "on", "1")
BOOLEAN_FALSE_VALUES = ("n", "no", "f", "false", "off", "0")

Read = tuple[dict[str, Any], dict[str, Any], Any]
"""What an accepted request reads as: its query parameters, its header parameters and its body."""


def _cast_boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in BOOLEAN_TRUE_VALUES:
        return True
    if lowered in BOOLEAN_FALSE_VALUES:
        return False
    raise ValueError(value)


_CASTS: dict[str, Callable[[str], Any]] = {"string": str, "integer": int, "number": float, "boolean": _cast_boolean}


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str  # path, query or header
    required: bool
    cast: Callable[[str], Any]
    is_valid: Callable[[Any], bool]
    default: Any


@dataclass(frozen=True)
class _Body:
    schema: Any
    is_valid: Callable[[Any], bool]


class CompiledOperation:
    """One operation's checks; `accept` answers a request they pass, or None to leave it to openapi-core."""

    def __init__(self, parameters: Sequence[_Parameter], body: _Body | None, resolve: Callable[[Any], Any]) -> None:
        self._parameters = tuple(parameters)
        self._body = body
        self._resolve = resolve

    def accept(
        self,
        path_params: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        headers: Sequence[tuple[str, str]],
        body: Any = _MISSING,
    ) -> Read | None:
        """The request as openapi-core reads it, if every check passes; ``body`` is the parsed JSON body."""
        sources: dict[str, Mapping[str, str]] = {"path": path_params, "query": _first(query), "header": {}}
        if any(p.location == "header" for p in self._parameters):
            sources["header"] = _first((name.lower(), value) for name, value in headers)
        read: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
        for parameter in self._parameters:
            text = sources[parameter.location].get(parameter.name.lower() if parameter.location == "header"
                                                   else parameter.name)  # fmt: skip
            if text is None:
                if parameter.default is _MISSING:
                    if parameter.required:
                        return None
                    continue
                value = parameter.default
            elif text == "" and parameter.location == "query":
                return None  # openapi-core's empty-value rule
            else:
                try:
                    value = parameter.cast(text)
                except (ValueError, TypeError):
                    return None
            if not parameter.is_valid(value):
                return None
            read[parameter.location][parameter.name] = value
        value = None
        if self._body is not None:
            if body is _MISSING or not self._body.is_valid(body):
                return None
            value = self._read(self._body.schema, body)
        return read["query"], read["header"], value

    def _read(self, schema: Any, value: Any) -> Any:
        """``value`` as openapi-core unmarshals it for a schema without composition or object formats: objects
        get their properties' defaults, unknown keys are kept (unless the schema forbids them), the rest as is."""
        schema = self._resolve(schema)
        if not isinstance(schema, dict):
            schema = {}
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for name, sub in schema.get("properties", {}).items():
                if name in value:
                    out[name] = self._read(sub, value[name])
                else:
                    resolved = self._resolve(sub)
                    if isinstance(resolved, dict) and "default" in resolved:
                        out[name] = self._read(sub, resolved["default"])
            extra = schema.get("additionalProperties", True)
            if extra is not False:
                for name, item in value.items():
                    if name not in out:
                        out[name] = self._read(extra if isinstance(extra, dict) else {}, item)
            return out
        if isinstance(value, list):
            return [self._read(schema.get("items", {}), item) for item in value]
        return value


def _first(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first value of each name, as a multi-dict's ``[name]`` gives it."""
    first: dict[str, str] = {}
    for name, value in pairs:
        first.setdefault(name, value)
    return first


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Compiler:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.checks = SchemaChecks(spec, FORMATS)

    def locate(self, node: Any, pointer: str) -> tuple[Any, str]:
        """``node`` (found at JSON pointer ``pointer``) with a chain of local ``$ref``s followed, and where that
        leads; (None, "") for a reference that leads out of the document or nowhere."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return None, ""
            seen.add(ref)
            target: Any = self.spec
            for token in ref[2:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or token not in target:
                    return None, ""
                target = target[token]
            node, pointer = target, ref[1:]
        return node, pointer

    def resolve(self, node: Any) -> Any:
        return self.locate(node, "")[0]

    def is_valid(self, pointer: str) -> Callable[[Any], bool]:
        """The check of the schema at ``pointer``, judging as openapi-core's request validator, built now."""
        return self.checks.is_valid(pointer)

    def plain(self, schema: Any, seen: frozenset[int] = frozenset()) -> bool:
        """Whether openapi-core reads a value of ``schema`` as JSON with defaults filled in."""
        schema = self.resolve(schema)
        if isinstance(schema, bool):
            return True
        if not isinstance(schema, dict):
            return False
        if id(schema) in seen:
            return True
        seen = seen | {id(schema)}
        if _NO_RULE & schema.keys() or schema.get("format") in _UNMARSHALLED_FORMATS:
            return False
        children: list[Any] = [*schema.get("properties", {}).values()]
        for keyword in ("items", "additionalProperties", "prefixItems", "patternProperties"):
            sub = schema.get(keyword)
            children.extend(sub if isinstance(sub, list) else sub.values() if keyword == "patternProperties" and
                            isinstance(sub, dict) else [sub] if sub is not None else [])  # fmt: skip
        return all(self.plain(child, seen) for child in children)

    def parameter(self, raw: Any, where: str) -> _Parameter | None:
        parameter, where = self.locate(raw, where)
        if not isinstance(parameter, dict) or "content" in parameter or "schema" not in parameter:
            return None
        location = parameter.get("in")
        if location not in _DEFAULT_STYLE or parameter.get("allowEmptyValue") is not None:
            return None
        style = parameter.get("style", _DEFAULT_STYLE[location])
        if style != _DEFAULT_STYLE[location] or parameter.get("explode", style == "form") != (style == "form"):
            return None
        schema = self.resolve(parameter["schema"])
        if not isinstance(schema, dict) or not self.plain(schema):
            return None
        cast = _CASTS.get(schema.get("type"))  # type: ignore[arg-type]
        if cast is None:
            return None
        default = schema.get("default", _MISSING)
        if default is not _MISSING and not isinstance(default, bool | int | float | str):
            return None
        return _Parameter(
            name=str(parameter["name"]),
            location=location,
            required=bool(parameter.get("required", False)),
            cast=cast,
            is_valid=self.is_valid(where + "/schema"),
            default=default,
        )

    def operation(self, template: str, method: str) -> CompiledOperation | None:
        item = self.spec["paths"][template]
        operation = item[method]
        item_path = "/paths/" + _escape(template)
        operation_path = f"{item_path}/{method}"
        parameters: list[_Parameter] = []
        seen: set[tuple[str, str]] = set()
        declared = [(raw, f"{operation_path}/parameters/{i}") for i, raw in enumerate(operation.get("parameters", []))]
        declared += [(raw, f"{item_path}/parameters/{i}") for i, raw in enumerate(item.get("parameters", []))]
        for raw, where in declared:
            resolved = self.resolve(raw)
            if not isinstance(resolved, dict):
                return None
            key = (str(resolved.get("name")), str(resolved.get("in")))
            if key in seen:
                continue  # an operation's parameter overrides its path's
            seen.add(key)
            if key[1] == "cookie":
                return None
            parameter = self.parameter(raw, where)
            if parameter is None:
                return None
            parameters.append(parameter)
        body = None
        if "requestBody" in operation:
            request_body, where = self.locate(operation["requestBody"], f"{operation_path}/requestBody")
            media = (request_body or {}).get("content", {}).get("application/json")
            if not isinstance(media, dict) or "schema" not in media or not self.plain(media["schema"]):
                return None
            body = _Body(media["schema"], self.is_valid(f"{where}/content/application~1json/schema"))
        return CompiledOperation(parameters, body, self.resolve)


def compile_operations(spec: dict[str, Any]) -> dict[tuple[str, str], CompiledOperation | None]:
    """Every operation of ``spec`` by (method, template): its compiled checks, or None where openapi-core
    keeps the whole job. Only an OpenAPI 3.1 document in its default dialect has rules here (openapi-core judges
    3.0 and 3.2 documents with other validators)."""
    if "jsonSchemaDialect" in spec or not str(spec.get("openapi", "")).startswith("3.1."):
        return {}
    compiler = _Compiler(spec)
    compiled: dict[tuple[str, str], CompiledOperation | None] = {}
    for template, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if isinstance(item.get(method), dict):
                compiled[(method, template)] = compiler.operation(template, method)
    return compiled


@functools.cache
def served_operations() -> dict[tuple[str, str], CompiledOperation | None]:
    """The served spec's compiled checks, built on the first call (the server makes it before listening)."""
    return compile_operations(spec_dict())


def compiled_operation(method: str, template: str) -> CompiledOperation | None:
    """The served spec's compiled checks of one operation."""
    return served_operations().get((method.lower(), template))
