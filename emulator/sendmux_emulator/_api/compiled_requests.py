"""Each operation's request checks, built once at start-up instead of on every request.

openapi-core walks the spec and builds a validator for every parameter and body on every request (about 2 ms
for a GET). Here each operation's parameters (where they are read from, how they are cast, their defaults)
and a validator per schema are built once, with openapi-core's own validator factory, so a value is judged
by the same validator class and format checks. A request they accept is read the way openapi-core reads it
(casts, defaults filled in); anything else (a rejection, or a shape with no rule here: composed or
model-typed bodies, formats openapi-core turns into objects, parameter styles beyond the default) goes to
openapi-core, whose errors make the 400/422 answers. tests/emulator/test_compiled_requests.py holds both to
the same results over every operation of openapi.yaml and of the rehearsal specs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from jsonschema_path import SchemaPath
from openapi_core import OpenAPI
from openapi_core.util import BOOLEAN_FALSE_VALUES, BOOLEAN_TRUE_VALUES
from openapi_core.validation.validators import BaseValidator

from .._spec.document import openapi, spec_dict

__all__ = ["CompiledOperation", "Read", "compile_operations", "compiled_operation", "served_operations"]

# openapi-core turns strings of these formats into other objects (dates, UUIDs, bytes).
_UNMARSHALLED_FORMATS = frozenset({"date", "date-time", "uuid", "byte", "binary"})
# Keywords after which openapi-core's reading of a body is more than "JSON with defaults filled in".
_NO_RULE = frozenset({"allOf", "oneOf", "anyOf", "$schema", "$dynamicRef", "x-model", "x-model-path"})
_DEFAULT_STYLE = {"path": "simple", "header": "simple", "query": "form"}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MISSING = object()

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


class _Compiler:
    def __init__(self, spec: dict[str, Any], api: OpenAPI) -> None:
        self.spec = spec
        self.api = api
        self._unmarshaller = cast(BaseValidator, api.request_unmarshaller)  # what unmarshal_request validates with

    def resolve(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return None
            seen.add(ref)
            target: Any = self.spec
            for token in ref[2:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or token not in target:
                    return None
                target = target[token]
            node = target
        return node

    def is_valid(self, path: SchemaPath) -> Callable[[Any], bool]:
        """The jsonschema validator openapi-core would build for ``path``, built now."""
        made = self._unmarshaller
        validator = made.schema_validators_factory.create(
            self.api.spec,
            path,
            format_validators=made.format_validators,
            extra_format_validators=made.extra_format_validators,
            forbid_unspecified_additional_properties=made.forbid_unspecified_additional_properties,
            enforce_properties_required=made.enforce_properties_required,
        ).validator
        is_valid: Callable[[Any], bool] = validator.is_valid
        return is_valid

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

    def parameter(self, raw: Any, where: SchemaPath) -> _Parameter | None:
        parameter = self.resolve(raw)
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
            is_valid=self.is_valid(where / "schema"),
            default=default,
        )

    def operation(self, template: str, method: str) -> CompiledOperation | None:
        item = self.spec["paths"][template]
        operation = item[method]
        item_path = self.api.spec / "paths" / template
        operation_path = item_path / method
        parameters: list[_Parameter] = []
        seen: set[tuple[str, str]] = set()
        declared = [(raw, operation_path / "parameters" / i) for i, raw in enumerate(operation.get("parameters", []))]
        declared += [(raw, item_path / "parameters" / i) for i, raw in enumerate(item.get("parameters", []))]
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
            request_body = self.resolve(operation["requestBody"])
            media = (request_body or {}).get("content", {}).get("application/json")
            if not isinstance(media, dict) or "schema" not in media or not self.plain(media["schema"]):
                return None
            schema_path = operation_path / "requestBody" / "content" / "application/json" / "schema"
            body = _Body(media["schema"], self.is_valid(schema_path))
        return CompiledOperation(parameters, body, self.resolve)


def compile_operations(spec: dict[str, Any], api: OpenAPI) -> dict[tuple[str, str], CompiledOperation | None]:
    """Every operation of ``spec`` by (method, template): its compiled checks, or None where openapi-core
    keeps the whole job (``api`` is the openapi-core view of the same document)."""
    if "jsonSchemaDialect" in spec:
        return {}
    compiler = _Compiler(spec, api)
    compiled: dict[tuple[str, str], CompiledOperation | None] = {}
    for template, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if isinstance(item.get(method), dict):
                compiled[(method, template)] = compiler.operation(template, method)
    return compiled


@functools.cache
def served_operations() -> dict[tuple[str, str], CompiledOperation | None]:
    """The served spec's compiled checks, built on the first call (the server makes it before listening)."""
    return compile_operations(spec_dict(), openapi())


def compiled_operation(method: str, template: str) -> CompiledOperation | None:
    """The served spec's compiled checks of one operation."""
    return served_operations().get((method.lower(), template))
