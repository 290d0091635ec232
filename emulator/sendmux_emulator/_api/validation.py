"""Request validation driven by openapi.yaml, mapped to the error envelope's issues.

A request the checks compiled at start-up accept (compiled_requests) is answered from them; the rest go
through openapi-core, whose errors become the issues below. openapi-core (and werkzeug's multi-dicts, which its
request protocol reads) is imported only then: an emulator that never rejects a request never loads it.

The spec leaves the 400/422 split open and chooses (info.description): 422 ``validation_error`` for a
non-https URL, an unknown event type or an empty event list; 400 ``missing_parameter`` for an absent
required field; 400 ``invalid_parameter`` for malformed JSON, wrong types, unknown keys, bad lengths and
bad query parameters. When one body has issues of several kinds, the 400 kinds win (invalid before
missing) and `errors` lists the deciding issues first, so `param` is the first listed field.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Protocol, TypedDict, Unpack, cast

from .._spec.document import BASE_PATH, load_openapi, openapi, spec_dict
from .._spec.replies import Issue
from .._spec.urls import has_credentials
from .compiled_requests import compiled_operation

__all__ = ["Rejection", "Valid", "check_request", "reject", "validate_request"]

_HOST_URL = "http://emulator.invalid"
_ASCII_INTEGER = re.compile(r"-?[0-9]+")
_NO_BODY: Any = object()


class SchemaError(Protocol):
    """The parts of a jsonschema ``ValidationError`` used here (jsonschema ships no type information)."""

    validator: str
    validator_value: Any
    instance: Any
    absolute_path: Sequence[Any]
    schema: Any
    message: str


class _Kind(IntEnum):
    """How bad an issue is; the smallest value present decides the answer's code."""

    INVALID = 0
    MISSING = 1
    SEMANTIC = 2


_CODE_OF_KIND = {
    _Kind.INVALID: "invalid_parameter",
    _Kind.MISSING: "missing_parameter",
    _Kind.SEMANTIC: "validation_error",
}


@dataclass(frozen=True)
class Valid:
    """The request passed; parameters and body as the spec reads them (with its defaults)."""

    query: Mapping[str, Any]
    headers: Mapping[str, Any]
    body: Any


@dataclass(frozen=True)
class Rejection:
    """The request failed; `code` is the envelope's error code and `issues` its `errors[]`."""

    code: str
    message: str
    issues: list[Issue]

    @property
    def param(self) -> str:
        return self.issues[0].field


@dataclass(frozen=True)
class _Found:
    kind: _Kind
    issue: Issue


class _Request:
    """openapi-core's request protocol over the parts the emulator already has."""

    def __init__(self, parts: RequestParts) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = _HOST_URL
        self.method = parts["method"].lower()
        self.path = parts["path"]
        self.path_pattern = BASE_PATH + parts["template"]
        self.body = parts["body"]
        self.content_type = "application/json"
        self.parameters = RequestParameters(
            path=dict(parts["path_params"]),
            query=ImmutableMultiDict(list(parts["query"])),
            header=Headers(list(parts["headers"])),
        )


class RequestParts(TypedDict):
    """One request as the validation reads it; ``body`` is None for operations without one."""

    method: str
    template: str
    path: str
    path_params: Mapping[str, str]
    query: Sequence[tuple[str, str]]
    headers: Sequence[tuple[str, str]]
    body: bytes | None
    content_type: str | None


def validate_request(**request: Unpack[RequestParts]) -> Valid | Rejection:
    """Check one request against its operation in openapi.yaml."""
    verdict = _first_pass(request)
    return verdict if isinstance(verdict, Valid | Rejection) else verdict.judge()


async def check_request(**request: Unpack[RequestParts]) -> Valid | Rejection:
    """`validate_request` on the server: openapi-core, when a request needs it the first time, is loaded off the
    event loop (`load_openapi`)."""
    verdict = _first_pass(request)
    if isinstance(verdict, Valid | Rejection):
        return verdict
    await load_openapi()
    return verdict.judge()


@dataclass(frozen=True)
class _ForOpenapiCore:
    """A request the compiled checks leave to openapi-core, as it is to be given to it."""

    request: RequestParts

    def judge(self) -> Valid | Rejection:
        result = openapi().unmarshal_request(_Request(self.request))
        if not result.errors:
            return Valid(query=result.parameters.query, headers=result.parameters.header, body=result.body)
        found = [item for exc in result.errors for item in _from_openapi_error(exc)]
        return _rejection(found)


def _first_pass(request: RequestParts) -> Valid | Rejection | _ForOpenapiCore:
    """The verdict of the checks before openapi-core (query text, body syntax, the compiled checks), or the request
    for openapi-core to judge."""
    method, template, query, body = request["method"], request["template"], request["query"], request["body"]
    query_issues = list(_check_query_text(method, template, query))
    if query_issues:
        return _rejection([_Found(_Kind.INVALID, issue) for issue in query_issues])
    parsed: Any = _NO_BODY
    if body is not None and not body.strip() and not _body_required(method, template):
        body = None  # no body, to an operation whose body is optional: as openapi-core reads it, nothing sent
    if body is not None:
        parsed = _check_body_syntax(body, request["content_type"])
        if isinstance(parsed, Rejection):
            return parsed
    compiled = compiled_operation(method, template)
    read = compiled.accept(request["path_params"], query, request["headers"], parsed) if compiled else None
    if read is not None:
        return Valid(query=read[0], headers=read[1], body=read[2])
    return _ForOpenapiCore({**request, "body": body})


def reject(errors: Iterable[Any], *, prefix: Sequence[str] = ()) -> Rejection | None:
    """The rejection for JSON-schema errors of a request body (``prefix`` names where it sits), if any."""
    found = [
        item
        for error in errors
        for item in _from_schema_error(cast(SchemaError, error), prefix=list(prefix), in_body=True)
    ]
    return _rejection(found) if found else None


def _check_query_text(method: str, template: str, query: Sequence[tuple[str, str]]) -> Iterable[Issue]:
    """What openapi-core would read leniently: a parameter given twice (it takes one), spaces around a value,
    and integers written other than in ASCII digits (``int()`` takes ``' 5'``, ``'+5'`` and ``'٥'``)."""
    declared = _query_schemas(method, template)
    counts = Counter(name for name, _ in query)
    seen: set[str] = set()
    for name, value in query:
        schema = declared.get(name)
        if schema is None or name in seen:
            continue  # a name the operation does not have is ignored, as openapi-core ignores it
        seen.add(name)
        if counts[name] > 1:
            yield Issue(name, "invalid_type", f"given {counts[name]} times; send it once")
        elif value and schema.get("type") == "integer" and not _ASCII_INTEGER.fullmatch(value):
            yield Issue(name, "invalid_type", "expected an integer written in ASCII digits, nothing around it")
        elif value != value.strip():
            yield Issue(name, "invalid_string", "must not start or end with whitespace")


@functools.cache
def _body_required(method: str, template: str) -> bool:
    """Whether the operation's request body is ``required`` (OpenAPI's default is not)."""
    spec = spec_dict()
    body = spec["paths"][template][method.lower()].get("requestBody") or {}
    if "$ref" in body:
        body = spec["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[1]]
    return bool(body.get("required"))


@functools.cache
def _query_schemas(method: str, template: str) -> dict[str, dict[str, Any]]:
    """The schema of each query parameter of one operation of openapi.yaml, by name (references resolved)."""
    spec = spec_dict()
    item = spec["paths"][template]
    schemas: dict[str, dict[str, Any]] = {}
    for parameter in (*item.get("parameters", []), *item[method.lower()].get("parameters", [])):
        if "$ref" in parameter:
            parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            schemas[parameter["name"]] = parameter["schema"]
    return schemas


def _check_body_syntax(body: bytes, content_type: str | None) -> Rejection | Any:
    """The JSON value of ``body``, or the rejection of a body that is not JSON."""
    media = (content_type or "application/json").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        issue = Issue("body", "invalid_content_type", f"send JSON with Content-Type: application/json, not {media!r}")
        return _rejection([_Found(_Kind.INVALID, issue)])
    if not body.strip():
        return _rejection([_Found(_Kind.MISSING, Issue("body", "invalid_type", "Required: a JSON request body"))])
    try:
        value = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        return _rejection([_Found(_Kind.INVALID, Issue("body", "invalid_json", f"malformed JSON: {exc}"))])
    if not _encodable(value):
        issue = Issue("body", "invalid_string", "a string holds a lone UTF-16 surrogate escape such as \\ud800")
        return _rejection([_Found(_Kind.INVALID, issue)])
    return value


def _encodable(value: Any) -> bool:
    """Whether ``value`` can be written back as UTF-8 JSON (``json.loads`` accepts lone surrogate escapes)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _rejection(found: list[_Found]) -> Rejection:
    deciding = min(item.kind for item in found)
    ordered = sorted(found, key=lambda item: item.kind != deciding)  # stable: deciding issues first
    issues: list[Issue] = []
    for item in ordered:
        if all((item.issue.field, item.issue.code) != (seen.field, seen.code) for seen in issues):
            issues.append(item.issue)
    code = _CODE_OF_KIND[deciding]
    if deciding is _Kind.MISSING:
        message = f"Missing required parameter: {issues[0].field}."
    elif deciding is _Kind.INVALID:
        message = "Invalid request parameters."
    else:
        message = "The request failed validation."
    return Rejection(code, message, issues)


def _from_openapi_error(exc: Exception) -> Iterable[_Found]:
    from openapi_core.deserializing.styles.exceptions import EmptyQueryParameterValue
    from openapi_core.validation.request.exceptions import (
        InvalidParameter,
        InvalidRequestBody,
        MissingRequiredParameter,
        MissingRequiredRequestBody,
        ParameterValidationError,
        RequestBodyValidationError,
    )
    from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

    if isinstance(exc, InvalidRequestBody) and isinstance(exc.__cause__, InvalidSchemaValue):
        for error in exc.__cause__.schema_errors:
            yield from _from_schema_error(cast(SchemaError, error), prefix=[], in_body=True)
        return
    if isinstance(exc, MissingRequiredRequestBody):
        yield _Found(_Kind.MISSING, Issue("body", "invalid_type", "Required: a JSON request body"))
        return
    if isinstance(exc, RequestBodyValidationError):
        yield _Found(_Kind.INVALID, Issue("body", "invalid_json", str(exc)))
        return
    if isinstance(exc, MissingRequiredParameter):
        yield _Found(_Kind.MISSING, Issue(exc.name, "invalid_type", "Required"))
        return
    if isinstance(exc, InvalidParameter) and isinstance(exc.__cause__, InvalidSchemaValue):
        for error in exc.__cause__.schema_errors:
            for item in _from_schema_error(cast(SchemaError, error), prefix=[exc.name], in_body=False):
                yield _Found(_Kind.INVALID, item.issue)  # every bad query or header value is a 400
        return
    if isinstance(exc, ParameterValidationError):
        if isinstance(exc.__cause__, EmptyQueryParameterValue):
            yield _Found(_Kind.INVALID, Issue(exc.name, "too_small", "must not be empty"))
        else:
            yield _Found(_Kind.INVALID, Issue(exc.name, "invalid_type", f"cannot read this {exc.location} value"))
        return
    raise exc  # a security or routing error here is a bug in the emulator, not a bad request


def _field(path: Iterable[Any]) -> str:
    return ".".join(str(part) for part in path) or "body"


def _from_schema_error(error: SchemaError, *, prefix: list[Any], in_body: bool) -> Iterable[_Found]:
    path = [*prefix, *error.absolute_path]
    validator, expected, instance = error.validator, error.validator_value, error.instance
    semantic = _Kind.SEMANTIC if in_body else _Kind.INVALID
    if validator == "required":
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                yield _Found(_Kind.MISSING, Issue(_field([*path, name]), "invalid_type", "Required"))
    elif validator == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        for name in instance if isinstance(instance, dict) else ():
            if name not in known:
                yield _Found(
                    _Kind.INVALID, Issue(_field([*path, name]), "unrecognized_keys", f"unrecognized key {name!r}")
                )
    elif validator == "enum":
        choices = ", ".join(str(choice) for choice in expected)
        yield _Found(semantic, Issue(_field(path), "invalid_enum_value", f"must be one of: {choices}"))
    elif validator == "format" and isinstance(instance, str) and has_credentials(instance):
        message = "must not contain a user name or password (user:password@); receivers check the signature instead"
        yield _Found(semantic, Issue(_field(path), "invalid_string", message))
    elif validator == "pattern" and expected == "^https://":
        yield _Found(semantic, Issue(_field(path), "invalid_string", "must be an https:// URL"))
    elif validator in {"pattern", "format"}:
        yield _Found(semantic, Issue(_field(path), "invalid_string", f"must be a valid {expected}"))
    elif validator == "minItems":
        yield _Found(semantic, Issue(_field(path), "too_small", f"must contain at least {expected} item(s)"))
    elif validator == "type":
        yield _Found(
            _Kind.INVALID,
            Issue(_field(path), "invalid_type", f"expected {_type_names(expected)}, received {_json_type(instance)}"),
        )
    elif validator in {"maxLength", "maxItems", "maximum"}:
        unit = " characters" if validator == "maxLength" else " items" if validator == "maxItems" else ""
        yield _Found(_Kind.INVALID, Issue(_field(path), "too_big", f"must be at most {expected}{unit}"))
    elif validator in {"minLength", "minimum"}:
        unit = " character(s)" if validator == "minLength" else ""
        yield _Found(_Kind.INVALID, Issue(_field(path), "too_small", f"must be at least {expected}{unit}"))
    else:
        yield _Found(_Kind.INVALID, Issue(_field(path), "invalid_value", error.message))


def _type_names(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " or ".join(str(name) for name in names)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
