"""Write the per-operation layer of the ``sendmux`` package from openapi.yaml.

Usage: ``python -m codegen.resource_layer SPEC OUT_ROOT``, after openapi-python-client has written
``OUT_ROOT/sendmux_client`` (its model names are read from there). Writes ``OUT_ROOT/sendmux``: one module per
tag under ``_resources/`` (sync, async and ``with_raw_response`` classes), the clients' resource properties,
``models.py`` and ``_api_version.py``. The rules (names, parameters, checks, pagination, extensions) are in
codegen/README.md; every choice here follows one of them, so a new operation needs no handwritten code.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from codegen.argument_checks import CheckWriter
from codegen.names import Naming, NamingError, snake
from sendmux_spec import Document, load, media_kind
from sendmux_spec import Operation as SpecOperation

HERE = Path(__file__).resolve().parent
# Headers that become keyword arguments with these names and checks; any other header parameter becomes
# the snake_case of its name. With If-None-Match (and a documented 304) a read's result may be None; with If-Match
# a write is conditional, and its recheck reads the resource after a lost answer (Operation).
CONDITIONAL_HEADERS = {"If-Match": "if_match", "If-None-Match": "if_none_match"}
# Every method's per-call options (the template writes them) and its builder's last parameter: no argument may
# take one of these names.
RESERVED = frozenset({"self", "per_call", "timeout", "extra_headers", "extra_query", "extra_body", "max_retries"})


class SpecError(Exception):
    """openapi.yaml says something this generator has no rule for; the message says where and what."""


def doc_text(text: str | None) -> str:
    """Spec prose for a docstring: no trailing spaces, no backslashes or triple quotes that end it early."""
    return (text or "").strip().replace("\\", "\\\\").replace('"""', "'''")


@dataclass
class Argument:
    """One keyword or positional argument of a generated method, and where its value goes."""

    name: str  # the Python name
    wire: str  # the name in the request (path placeholder, query key, header, body key)
    where: str  # path | query | header | body
    annotation: str
    check: str  # the name of the module-level check applied to it
    required: bool
    nullable: bool
    description: str
    default: str = "None"
    style: str = "plain"  # how a query value is written: plain | joined:<separator> | deep | spread

    def query_source(self, value: str) -> str:
        """The statement that puts ``value`` (checked) into ``params`` in the parameter's ``style``."""
        if self.style.startswith("joined:"):
            return f'params["{self.wire}"] = joined({value}, {self.style.removeprefix("joined:")!r})'
        if self.style == "deep":
            return f'params.update(deep_object("{self.wire}", {value}))'
        if self.style == "spread":
            return f"params.update({value})"
        return f'params["{self.wire}"] = {value}'

    @property
    def doc(self) -> str:
        text = " ".join((self.description or f"The ``{self.wire}`` {self.where} value.").split()).rstrip(".") + "."
        if self.default == "OMIT":
            text += " Left out, it stays as it is" + ("; ``None`` clears it." if self.nullable else ".")
        return text

    @property
    def sent_when(self) -> str:
        """The condition under which a keyword argument is sent at all."""
        return f"not isinstance({self.name}, Omit)" if self.default == "OMIT" else f"{self.name} is not None"


@dataclass
class Parameter:
    """One parameter of a public method, as its signature writes it (``default`` ``None``: required)."""

    name: str
    annotation: str
    default: str | None = None


@dataclass
class Signature:
    """A public method's own parameters and result; the per-call options follow them in every method."""

    positional: list[Parameter]
    keywords: list[Parameter]
    returns: str


@dataclass
class Parser:
    """A module-level function that reads a success body: ``def name(document) -> returns``."""

    imports: list[str]  # run inside the function, so the models load on first use
    expression: str
    returns: str
    argument: str = "document: Any"


@dataclass
class Operation:
    operation_id: str
    method_name: str
    http_method: str
    path: str
    summary: str
    description: str
    path_args: list[Argument]
    keyword_args: list[Argument]
    data_type: str  # what the plain method returns (a paginated operation's page method: ``Page[item]``)
    parsed_type: str  # what the parser returns: data_type, or a paginated operation's list envelope
    parser: str  # the module-level function that reads the success body
    paginated: bool
    item_type: str | None
    not_modified: Argument | None  # If-None-Match, with a documented 304: given, the result may be None
    precondition: Argument | None  # If-Match: a conditional write
    idempotency_key: Argument | None
    on_gone: str | None  # Python expression of the data a retried DELETE returns when the resource is gone
    statuses: list[str]
    gone_type: str | None = None
    recheck: Operation | None = None  # the read that tells whether a conditional write applied
    reads: str = "JSON"  # how the success body is read: a member of sendmux._envelope.Reads
    accept: str | None = None  # the Accept header of an operation whose answer is not JSON

    @property
    def streamable(self) -> bool:
        """Text and binary answers also have a ``with_streaming_response`` form that never holds the body."""
        return self.reads in ("TEXT", "BYTES")

    @property
    def path_source(self) -> str:
        """The request path as Python source: each path argument checked, then escaped into its segment."""
        path = self.path
        for a in self.path_args:
            path = path.replace("{" + a.wire + "}", "{" + f"quote({a.check}({a.name}, {a.name!r}), safe='')" + "}")
        return f'f"{path}"' if self.path_args else repr(path)

    @property
    def reference_arguments(self) -> str:
        """The arguments as api.md shows them: positional path ids, then keywords (``*, url, event_types, ...``)."""
        keywords = [a.name if a.required else f"{a.name}=" for a in self.keyword_args]
        parts = [a.name for a in self.path_args] + (["*", *keywords] if keywords else [])
        return ", ".join(parts)

    @property
    def page_method(self) -> str:
        return f"{self.method_name}_page"

    @property
    def builder(self) -> str:
        return f"_{self.method_name}_call"

    @property
    def builder_arguments(self) -> str:
        """What a method passes its builder: its own arguments in order, then the per-call options."""
        return ", ".join([*(a.name for a in [*self.path_args, *self.keyword_args]), "per_call"])

    @property
    def call_type(self) -> str:
        """The ``T`` of the builder's ``Call[T]``: what the parser returns, or ``None`` for a 304."""
        return self.parsed_type + (" | None" if self.not_modified else "")

    @property
    def call_keywords(self) -> list[str]:
        """The keyword arguments of the builder's ``Call.build``, as Python source: where each argument went, how
        the body is read, and the data of a 304 or of a resource already gone, or the recheck of a write."""
        places = {a.where for a in self.keyword_args}
        found = [f"{name}={name}" for name, where in (("params", "query"), ("json", "body")) if where in places]
        found += ["headers=headers"] if "header" in places or self.accept else []
        found += [f"reads=Reads.{self.reads}"] if self.reads != "JSON" else []
        if self.not_modified is not None:
            found.append(f"on_not_modified=None if {self.not_modified.name} is None else lambda: None")
        if self.on_gone is not None:
            found.append(f"on_gone=lambda: _{self.method_name}_gone({', '.join(a.name for a in self.path_args)})")
        if self.recheck is not None and self.precondition is not None:
            read = self.recheck  # the same path arguments, no others, and the options less the extra query and body
            arguments = [a.name for a in read.path_args] + ["None"] * len(read.keyword_args) + ["per_call.for_read()"]
            recheck = f"{read.builder}({', '.join(arguments)})"
            found.append(f"recheck=None if {self.precondition.name} is None else {recheck}")
        return found

    def methods(self) -> list[tuple[str, str]]:
        """``(name, kind)`` of each public method: ``plain``, or for a list ``items`` and ``page``."""
        if self.paginated:
            return [(self.method_name, "items"), (self.page_method, "page")]
        return [(self.method_name, "plain")]

    def signature(self, kind: str, is_async: bool) -> Signature:
        """The public method of ``kind``: its parameters and what it returns (awaited, from an async client)."""
        prefix = "Async" if is_async else ""
        returns = {
            "items": f"{prefix}ListIterator[{self.item_type}]",
            "page": f"{prefix}Page[{self.item_type}]",
        }.get(kind, self.data_type + (" | None" if self.not_modified else ""))
        positional = [Parameter(a.name, a.annotation) for a in self.path_args]
        keywords = [Parameter(a.name, a.annotation, None if a.required else a.default) for a in self.keyword_args]
        return Signature(positional, keywords, returns)

    def overloads(self, kind: str) -> list[Signature]:
        """The ``@overload`` variants of a method: with If-None-Match, one whose result is never ``None`` (the
        argument left out) and one whose result may be (the argument given)."""
        if kind != "plain" or self.not_modified is None:
            return []
        plain, name = self.signature(kind, False), self.not_modified.name
        without = [Parameter(name, "None", "None") if p.name == name else p for p in plain.keywords]
        given = [Parameter(name, p.annotation.removesuffix(" | None")) if p.name == name else p for p in plain.keywords]
        return [Signature(plain.positional, without, self.data_type), Signature(plain.positional, given, plain.returns)]


@dataclass
class Resource:
    tag: str
    attribute: str
    class_name: str
    description: str
    operations: list[Operation] = field(default_factory=list)
    checks: CheckWriter | None = None  # the argument checks, as generated functions
    parsers: dict[str, Parser] = field(default_factory=dict)
    model_imports: set[str] = field(default_factory=set)  # generated model names used in annotations
    overrides: set[str] = field(default_factory=set)  # sendmux classes used in annotations
    literals: dict[str, list[str]] = field(default_factory=dict)  # an enum's known values, for editors to complete

    @property
    def streamable(self) -> bool:
        return any(op.streamable for op in self.operations)


class Layer:
    """The spec, read once, with the helpers that turn its schemas into annotations, checks and parsers."""

    def __init__(self, document: Document, model_names: set[str], models: Path | None = None) -> None:
        self.document = document
        self.spec = document.data
        self.model_names = model_names
        self.models = models  # sendmux_client/models, whose annotations answer what a ``data`` is
        self.schemas: dict[str, Any] = document.schemas

    def deref(self, node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """The node behind a local ``$ref`` (followed to the end) and the last component name on the way."""
        found, name = self.document.deref_named(node)
        return found, name

    def data_annotation(self, envelope: str) -> tuple[str, set[str]]:
        """The annotation openapi-python-client gave the envelope's ``data`` (a model, a union, a list of strings:
        whatever the schema is), and the model names it uses."""
        if self.models is None:
            raise SpecError(f"no generated models to read {envelope}.data from")
        tree = ast.parse((self.models / f"{snake(envelope)}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "data":
                names = {n.id for n in ast.walk(node.annotation) if isinstance(n, ast.Name)}
                text = ast.unparse(node.annotation)
                if "Unset" in names:
                    raise SpecError(f"{envelope}.data must be required")
                unknown = (
                    names
                    - self.model_names
                    - {"list", "dict", "str", "int", "float", "bool", "None", "Any", "datetime"}
                )
                if unknown:
                    raise SpecError(f"{envelope}.data is {text}, whose {sorted(unknown)} have no rule")
                return text, names & self.model_names
        raise SpecError(f"the generated model {envelope} has no data attribute")

    def model(self, name: str) -> str:
        if name not in self.model_names:
            raise SpecError(f"schema {name} has no generated model in sendmux_client.models")
        return name

    # ---- annotations for arguments: friendly inputs ----

    def annotation(self, schema: dict[str, Any], resource: Resource) -> str:
        node, name = self.deref(schema)
        nullable = self.is_nullable(node)
        base = self._annotation(node, name, resource)
        return f"{base} | None" if nullable else base

    def _annotation(self, node: dict[str, Any], name: str | None, resource: Resource) -> str:
        kind = self.kind(node)
        if kind == "enum":
            if name is None:
                raise SpecError(f"an enum used in a request must be a component schema: {node}")
            resource.model_imports.add(self.model(name))
            resource.literals[f"{name}Name"] = [value for value in node["enum"] if value is not None]
            return f"{name} | {name}Name | str"
        if kind == "object":
            accepted = self.accepted_models(node, name)
            resource.model_imports.update(accepted)
            return " | ".join([*accepted, "Mapping[str, Any]"])
        if kind == "array":
            return f"Iterable[{self.annotation(node['items'], resource)}]"
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[kind]

    def kind(self, node: dict[str, Any]) -> str:
        types = node.get("type")
        types = [t for t in (types if isinstance(types, list) else [types]) if t not in (None, "null")]
        if "enum" in node:
            return "enum"
        if len(types) != 1:
            raise SpecError(f"a request value must have exactly one JSON type besides null: {node}")
        kind = types[0]
        if kind not in ("string", "integer", "number", "boolean", "array", "object"):
            raise SpecError(f"no rule for request type {kind}")
        return str(kind)

    @staticmethod
    def is_nullable(node: dict[str, Any]) -> bool:
        types = node.get("type")
        return isinstance(types, list) and "null" in types

    def accepted_models(self, node: dict[str, Any], name: str | None) -> list[str]:
        """The generated models an object argument accepts besides a mapping: its own, and any component with
        exactly the same property names (so a value read from a response can be written back)."""
        if name is None:
            return []
        keys = set(node.get("properties", {}))
        same = [
            other
            for other, schema in self.schemas.items()
            if other != name and schema.get("type") == "object" and set(schema.get("properties", {})) == keys
        ]
        return [self.model(name), *sorted(self.model(other) for other in same)]

    # ---- checks: one generated function per argument (codegen/argument_checks.py) ----

    def check(
        self, schema: dict[str, Any], resource: Resource, hint: str, *, header: bool = False, optional: bool = False
    ) -> str:
        """The name of the function that checks an argument of ``schema``, named after the argument.

        ``optional``: a body field that ``None`` leaves out, so the check's messages say "or None" (a parameter's
        ``None`` means the API's default, and its messages name only the type the API takes)."""
        if resource.checks is None:
            resource.checks = CheckWriter(self.deref, self.kind, self.accepted_models)
        return resource.checks.function(schema, snake(hint), header=header, nullable=optional)


def parameter_name(param: dict[str, Any], path: str) -> str:
    explicit = param.get("x-sendmux-name")
    if explicit:
        return str(explicit)
    if param["in"] == "header":
        return CONDITIONAL_HEADERS.get(param["name"], snake(param["name"]))
    if param["in"] == "path":
        return Naming.path_parameter(param["name"], path)
    return snake(param["name"])


def parameter_style(layer: Layer, param: dict[str, Any]) -> str:
    """How a query parameter's value is written (OpenAPI ``style``/``explode``); other places take plain values."""
    kind = layer.deref(param["schema"])[0].get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    style = param.get("style", "form" if param["in"] in ("query", "cookie") else "simple")
    explode = param.get("explode", style == "form")
    if kind not in ("array", "object"):
        return "plain"
    if param["in"] != "query":
        raise SpecError(f"parameter {param['name']}: an array or object in the {param['in']} has no rule")
    if kind == "array":
        separators = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
        if style not in separators:
            raise SpecError(f"parameter {param['name']}: style {style} for an array has no rule")
        return "plain" if explode and style == "form" else f"joined:{separators[style]}"
    if style == "deepObject":
        return "deep"
    if style == "form" and explode:
        return "spread"
    raise SpecError(f"parameter {param['name']}: style {style} (explode {explode}) for an object has no rule")


def build_operation(layer: Layer, resource: Resource, spec_operation: SpecOperation, naming: Naming) -> Operation:
    operation, path, method = spec_operation.node, spec_operation.path, spec_operation.method
    op_id = str(spec_operation.operation_id)
    params = [p.node for p in spec_operation.parameters]
    path_args: list[Argument] = []
    keyword_args: list[Argument] = []
    idempotency: Argument | None = None
    headers: list[Argument] = []
    for param in params:
        where = param["in"]
        if where == "cookie":
            raise SpecError(f"parameter {param['name']}: cookie parameters are not supported")
        if "schema" not in param:
            raise SpecError(f"parameter {param['name']}: a parameter needs a schema (`content` has no rule)")
        name = parameter_name(param, path)
        schema = param.get("schema", {})
        header = where == "header"
        argument = Argument(
            name=name,
            wire=param["name"],
            where=where,
            annotation="str" if header else layer.annotation(schema, resource),
            check=layer.check(schema, resource, name, header=header),
            required=bool(param.get("required")) or where == "path",
            nullable=False,
            description=doc_text(param.get("description")),
            style=parameter_style(layer, param),
        )
        if where == "path":
            path_args.append(argument)
        elif header:
            argument.required = False
            if param["name"] == "Idempotency-Key":
                idempotency = argument
            headers.append(argument)
        else:
            keyword_args.append(argument)
    body_args = build_body(layer, resource, operation, method, op_id)
    keyword_args = [*body_args, *keyword_args, *headers]
    taken: dict[str, Argument] = {}
    for argument in [*path_args, *keyword_args]:
        if argument.name in taken:
            first = taken[argument.name]
            raise SpecError(
                f"the {first.where} {first.wire!r} and the {argument.where} {argument.wire!r} both become the argument "
                f"{argument.name}; set x-sendmux-name on one of them"
            )
        taken[argument.name] = argument
        if argument.name in RESERVED:
            raise SpecError(
                f"the {argument.where} {argument.wire!r} becomes the argument {argument.name}, which every method "
                "already has (its per-call options); set x-sendmux-name on it"
            )
    for argument in keyword_args:
        if not argument.required and argument.default == "None" and not argument.annotation.endswith("| None"):
            argument.annotation += " | None"

    found = result(layer, resource, operation, op_id, keyword_args)
    resource.parsers[found.parser] = Parser(found.imports, found.expression, found.parsed_type, found.argument)
    if found.item_parser:
        resource.parsers[found.item_parser.name] = found.item_parser.parser

    conditions = {a.wire.lower(): a for a in headers}
    return Operation(
        operation_id=op_id,
        method_name=naming.method(spec_operation, resource.tag),
        http_method=method.upper(),
        path=path,
        summary=doc_text(operation.get("summary") or op_id),
        description=doc_text(operation.get("description")),
        path_args=path_args,
        keyword_args=keyword_args,
        data_type=found.data_type,
        parsed_type=found.parsed_type,
        parser=found.parser,
        paginated=found.paginated,
        item_type=found.item_type,
        not_modified=conditions.get("if-none-match") if "304" in operation["responses"] else None,
        precondition=conditions.get("if-match"),
        idempotency_key=idempotency,
        on_gone=gone_data(operation, path_args, found.data_name, resource, layer),
        statuses=[s for s in operation["responses"] if not s.startswith("2")],
        gone_type=found.data_name,
        reads=found.reads,
        accept=found.accept,
    )


def build_body(layer: Layer, resource: Resource, operation: dict[str, Any], method: str, op_id: str) -> list[Argument]:
    """Body fields as keywords: required ones without default; others default to "not sent" (``None``), or,
    on PATCH and for fields that may be null, to ``OMIT`` so that ``None`` can clear."""
    body = operation.get("requestBody")
    if body is None:
        return []
    content = body.get("content", {})
    if list(content) != ["application/json"]:
        raise SpecError(f"only application/json request bodies are supported, got {list(content)}")
    node, _ = layer.deref(content["application/json"]["schema"])
    if layer.kind(node) != "object":
        raise SpecError("the request body must be an object")
    required = set(node.get("required", []))
    arguments = []
    for key, schema in node.get("properties", {}).items():
        nullable = layer.is_nullable(layer.deref(schema)[0])
        omit = method == "patch" or nullable
        annotation = layer.annotation(schema, resource)
        argument = Argument(
            name=snake(key),
            wire=key,
            where="body",
            annotation=f"{annotation} | Omit" if omit and key not in required else annotation,
            check=layer.check(schema, resource, key, optional=key not in required and not omit),
            required=key in required,
            nullable=nullable,
            description=doc_text(layer.deref(schema)[0].get("description") or schema.get("description")),
            default="OMIT" if omit else "None",
        )
        arguments.append(argument)
    return sorted(arguments, key=lambda a: not a.required)


@dataclass
class NamedParser:
    name: str
    parser: Parser


@dataclass
class Result:
    """What a successful call returns, and how its body is read and parsed."""

    data_type: str  # the plain method's return annotation
    parser: str
    expression: str
    imports: list[str]
    reads: str = "JSON"  # a member of sendmux._envelope.Reads
    parsed_type: str = ""  # what the parser returns (data_type unless the parser returns a stream of items)
    paginated: bool = False
    item_type: str | None = None
    data_name: str | None = None  # the component of ``data``, for x-sendmux-on-gone
    accept: str | None = None
    item_parser: NamedParser | None = None
    argument: str = "document: Any"

    def __post_init__(self) -> None:
        self.parsed_type = self.parsed_type or self.data_type


def result(
    layer: Layer, resource: Resource, operation: dict[str, Any], op_id: str, keyword_args: list[Argument]
) -> Result:
    """The success answer: JSON (an envelope's ``data``, or the whole body), text, binary, an event stream, or
    nothing (204). Several 2xx statuses must agree on their body; one without a body makes the result optional."""
    statuses = [s for s in operation["responses"] if str(s).startswith("2")]
    if not statuses:
        raise SpecError("no 2xx response")
    bodies: dict[str, tuple[str, dict[str, Any]]] = {}
    empty = False
    for status in statuses:
        content = layer.deref(operation["responses"][status])[0].get("content") or {}
        if not content:
            empty = True
            continue
        kinds = {media_kind(media): media for media in content}
        kind = next(k for k in ("json", "events", "text", "bytes") if k in kinds)
        media = kinds[kind]
        schema = (content[media].get("itemSchema") if kind == "events" else None) or content[media].get("schema") or {}
        bodies[status] = (media, schema)
    if not bodies:
        return Result("None", "_parse_nothing", "None", [], reads="OPTIONAL_JSON")
    media, schema = next(iter(bodies.values()))
    for status, other in list(bodies.items())[1:]:
        if other != (media, schema):
            raise SpecError(f"the 2xx answers {statuses} have different bodies ({status} differs); no rule picks one")
    answer = media_kind(media)  # of the body the 2xx answers share
    if answer == "text":
        found = Result("str", "_parse_text", "document", [], reads="TEXT", accept=media)
        found.argument = "document: str"
    elif answer == "bytes":
        found = Result("BinaryResponse", "_parse_binary", "BinaryResponse(document)", [], reads="BYTES", accept=media)
    elif answer == "events":
        found = event_stream(layer, resource, schema, op_id, media)
    else:
        found = json_result(layer, resource, schema, op_id, keyword_args)
    if empty:
        if found.reads != "JSON" or found.paginated:
            raise SpecError("a 2xx answer without a body next to a non-JSON or paginated one has no rule")
        found.reads, found.data_type = "OPTIONAL_JSON", f"{found.data_type} | None"
        found.parsed_type = found.data_type
    return found


def event_stream(layer: Layer, resource: Resource, schema: dict[str, Any], op_id: str, media: str) -> Result:
    """``text/event-stream``: each event's ``data`` holds one item of the schema (JSON, or text for a string)."""
    node, name = layer.deref(schema) if schema else ({}, None)
    if name is not None and name in layer.model_names:
        resource.model_imports.add(name)
        item, expression = name, f"{name}.from_dict(event.json())"
        imports = [f"from ..models import {name}"]
    elif node.get("type") == "string" or not node:
        item, expression, imports = "str", "event.data", []
    else:
        item, expression, imports = "Any", "event.json()", []
    item_parser = f"_parse_{snake(op_id)}_event"
    parser = NamedParser(item_parser, Parser(imports, expression, item, "event: ServerSentEvent"))
    stream = f"Stream(document, {item_parser})"
    result = Result(f"Stream[{item}]", f"_parse_{snake(op_id)}_stream", stream, [], reads="STREAM", accept=media)
    result.item_parser = parser
    return result


def json_result(
    layer: Layer, resource: Resource, schema: dict[str, Any], op_id: str, keyword_args: list[Argument]
) -> Result:
    envelope_name = layer.deref(schema)[1]
    if envelope_name is None:
        raise SpecError("the JSON answer has no component (codegen/hoist.py names every inline one)")
    layer.model(envelope_name)
    imports = [f"from ..models import {envelope_name}"]
    envelope = layer.document.envelope(schema)
    if envelope is None:  # not an envelope: the body is the result
        resource.model_imports.add(envelope_name)
        return Result(envelope_name, f"_parse_{snake(envelope_name)}", f"{envelope_name}.from_dict(document)", imports)
    data_schema = envelope.data
    data_name = layer.deref(data_schema)[1]
    parse = f"{envelope_name}.from_dict(document).data"
    if envelope.paginated:
        item_name = layer.deref(layer.deref(data_schema)[0].get("items", {}))[1]
        if item_name is None or not any(a.wire == "cursor" and a.where == "query" for a in keyword_args):
            raise SpecError("a paginated list needs a query parameter `cursor` and items of a component")
        resource.model_imports.update({layer.model(item_name), envelope_name})
        expression = f"{envelope_name}.from_dict(document)"
        found = Result(f"Page[{item_name}]", f"_parse_{snake(envelope_name)}", expression, imports)
        found.parsed_type = envelope_name
        found.paginated, found.item_type = True, item_name
        return found
    override = layer.deref(data_schema)[0].get("x-sendmux-python-class") if data_name else None
    if override:
        resource.overrides.add(override)
        imports.append(f"from .. import {override}")
        parser = f"_parse_{snake(envelope_name)}_as_{snake(override)}"
        return Result(override, parser, f"{override}.adopt({parse})", imports, data_name=data_name)
    data_type, names = layer.data_annotation(envelope_name)
    resource.model_imports.update(names)
    return Result(data_type, f"_parse_{snake(envelope_name)}", parse, imports, data_name=data_name)


def gone_data(
    operation: dict[str, Any], path_args: list[Argument], data_name: str | None, resource: Resource, layer: Layer
) -> str | None:
    """``x-sendmux-on-gone``: the data a DELETE returns when its retry finds the resource already gone.

    Values may be ``$request.path.<name>`` (the path parameter's value)."""
    extension = operation.get("x-sendmux-on-gone")
    if extension is None:
        return None
    if data_name is None:
        raise SpecError("x-sendmux-on-gone needs a component schema as data")
    by_wire = {a.wire: a.name for a in path_args}
    items = []
    for key, value in extension["data"].items():
        if isinstance(value, str) and value.startswith("$request.path."):
            wire = value.removeprefix("$request.path.")
            if wire not in by_wire:
                raise SpecError(f"x-sendmux-on-gone names an unknown path parameter {wire}")
            items.append(f"{key!r}: {by_wire[wire]}")
        else:
            items.append(f"{key!r}: {value!r}")
    layer.model(data_name)
    return f"{data_name}.from_dict({{{', '.join(items)}}})"


def build(spec: dict[str, Any], model_names: set[str], models: Path | None = None) -> list[Resource]:
    document = Document(spec)
    layer = Layer(document, model_names, models)
    tags = {tag["name"]: tag for tag in spec.get("tags", [])}
    resources: dict[str, Resource] = {}
    naming = Naming(document.operations)
    for spec_operation in document.operations:
        op_id = spec_operation.operation_id
        try:
            if spec_operation.method not in ("get", "post", "put", "patch", "delete"):
                raise SpecError(f"no rule for the method {spec_operation.method.upper()}")
            if not op_id:
                raise SpecError("every operation needs an operationId")
            if len(spec_operation.tags) != 1:
                raise SpecError("every operation needs exactly one tag")
            tag = spec_operation.tags[0]
            if tag not in resources:
                description = doc_text(tags.get(tag, {}).get("description") or tag[:1].upper() + tag[1:])
                resources[tag] = Resource(tag, naming.attribute(tag), naming.class_name(tag), description)
            resource = resources[tag]
            resource.operations.append(build_operation(layer, resource, spec_operation, naming))
        except (SpecError, NamingError, KeyError, TypeError, ValueError) as exc:
            detail = str(exc) if isinstance(exc, SpecError | NamingError) else f"{type(exc).__name__}: {exc}"
            raise SpecError(f"{op_id} ({spec_operation.where}): {detail}") from exc
    for resource in resources.values():
        reads = {op.path: op for op in resource.operations if op.http_method == "GET" and not op.paginated}
        for op in resource.operations:
            if op.precondition is not None and op.http_method != "GET":
                op.recheck = reads.get(op.path)
        shadow_builtins(resource)
        seen: dict[str, str] = {}
        for op in resource.operations:
            names = [op.method_name, op.page_method] if op.paginated else [op.method_name]
            for name in names:
                if name in seen:
                    raise SpecError(
                        f"{op.operation_id} and {seen[name]} both become client.{resource.attribute}.{name}; "
                        "set x-sendmux-method on one of them"
                    )
                seen[name] = op.operation_id
    return sorted(resources.values(), key=lambda resource: resource.attribute)


def shadow_builtins(resource: Resource) -> None:
    """A method named ``list`` (or ``dict``...) hides the builtin from annotations inside its class: those name it
    ``builtins.list`` there."""
    methods = {op.method_name for op in resource.operations} | {op.page_method for op in resource.operations}
    hidden = methods & {"list", "dict", "set", "str", "int", "float", "bool", "type", "bytes"}
    if not hidden:
        return
    pattern = re.compile(r"(?<![.\w])(" + "|".join(sorted(hidden)) + r")\b")
    for op in resource.operations:
        op.data_type = pattern.sub(r"builtins.\1", op.data_type)
        for argument in [*op.path_args, *op.keyword_args]:
            argument.annotation = pattern.sub(r"builtins.\1", argument.annotation)


def secret_fields(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Component name -> its properties marked ``x-sendmux-secret: true`` (also inside ``allOf`` members)."""
    found: dict[str, list[str]] = {}
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        for part in [schema, *schema.get("allOf", [])]:
            for key, prop in part.get("properties", {}).items():
                if prop.get("x-sendmux-secret") is True:
                    found.setdefault(name, []).append(key)
    return found


def model_names(models_init: Path) -> set[str]:
    """The names ``sendmux_client.models`` exports, read from the file openapi-python-client just wrote."""
    tree = ast.parse(models_init.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise SpecError(f"{models_init} has no __all__")


def templates() -> jinja2.Environment:
    """The templates of ``templates/sendmux``; an undefined name in one is an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates" / "sendmux"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(spec: dict[str, Any], resources: list[Resource], names: set[str], out: Path) -> None:
    env = templates()
    package = out / "sendmux"
    if package.exists():
        shutil.rmtree(package)
    (package / "_resources").mkdir(parents=True)
    for resource in resources:
        text = env.get_template("resource.py.jinja").render(resource=resource)
        (package / "_resources" / f"{resource.attribute}.py").write_text(text, encoding="utf-8")
    init = env.get_template("resources_init.py.jinja").render(resources=resources)
    (package / "_resources" / "__init__.py").write_text(init, encoding="utf-8")
    models = env.get_template("models.py.jinja").render(names=sorted(names), secrets=secret_fields(spec))
    (package / "models.py").write_text(models, encoding="utf-8")
    version = env.get_template("api_version.py.jinja").render(version=spec["info"]["version"])
    (package / "_api_version.py").write_text(version, encoding="utf-8")
    reference = env.get_template("api.md.jinja").render(resources=resources, version=spec["info"]["version"])
    (out / "api.md").write_text(reference, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: resource_layer.py SPEC OUT_ROOT [NAME_IN_MESSAGES]", file=sys.stderr)
        return 2
    spec_path, out = Path(argv[0]), Path(argv[1])
    shown = argv[2] if len(argv) == 3 else spec_path  # the spec the maintainer edited, not the hoisted copy
    spec = load(spec_path).data
    names = model_names(out / "sendmux_client" / "models" / "__init__.py")
    try:
        resources = build(spec, names, out / "sendmux_client" / "models")
    except SpecError as exc:
        print(f"{shown}: {exc}", file=sys.stderr)
        return 1
    render(spec, resources, names, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
