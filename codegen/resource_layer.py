"""Write the per-operation layer of the ``sendmux`` package from openapi.yaml.

Usage: ``python codegen/resource_layer.py SPEC OUT_ROOT``, after openapi-python-client has written
``OUT_ROOT/sendmux_client`` (its model names are read from there). Writes ``OUT_ROOT/sendmux``: one module per
tag under ``_resources/`` (sync, async and ``with_raw_response`` classes), the clients' resource properties,
``models.py`` and ``_api_version.py``. The rules (names, parameters, checks, pagination, extensions) are in
codegen/README.md; every choice here follows one of them, so a new operation needs no handwritten code.
"""

from __future__ import annotations

import ast
import keyword
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from argument_checks import CheckWriter

HERE = Path(__file__).resolve().parent
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Headers that become keyword arguments with these names and checks; any other header parameter becomes
# the snake_case of its name.
CONDITIONAL_HEADERS = {"If-Match": "if_match", "If-None-Match": "if_none_match"}


class SpecError(Exception):
    """openapi.yaml says something this generator has no rule for; the message says where and what."""


def snake(name: str) -> str:
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_|-)|[A-Z]?[a-z]+|[A-Z]+|\d+", name)
    result = "_".join(word.lower() for word in words)
    return f"{result}_" if keyword.iskeyword(result) else result


def pascal(name: str) -> str:
    return "".join(word.capitalize() for word in snake(name).split("_"))


def singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") else noun


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
class Parser:
    """A module-level function that reads a success body: ``def name(document) -> returns``."""

    imports: list[str]  # run inside the function, so the models load on first use
    expression: str
    returns: str


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
    data_type: str  # what the plain method returns
    parser: str  # the module-level function that reads the success body
    paginated: bool
    item_type: str | None
    not_modified: bool  # an If-None-Match argument and a documented 304
    idempotency_key: Argument | None
    on_gone: str | None  # Python expression of the data a retried DELETE returns when the resource is gone
    statuses: list[str]
    gone_type: str | None = None
    recheck: Operation | None = None  # the read that tells whether a conditional write applied

    @property
    def conditional(self) -> bool:
        return any(a.name == "if_match" for a in self.keyword_args)

    @property
    def path_source(self) -> str:
        """The request path as Python source: each path argument checked, then escaped into its segment."""
        path = self.path
        for a in self.path_args:
            path = path.replace("{" + a.wire + "}", "{" + f"quote({a.check}({a.name}, {a.name!r}), safe='')" + "}")
        return f'f"{path}"' if self.path_args else repr(path)

    @property
    def page_method(self) -> str:
        return f"{self.method_name}_page"

    @property
    def builder(self) -> str:
        return f"_{self.method_name}_call"

    @property
    def iterator_args(self) -> list[Argument]:
        return [a for a in self.keyword_args if a.name != "cursor"]


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


class Layer:
    """The spec, read once, with the helpers that turn its schemas into annotations, checks and parsers."""

    def __init__(self, spec: dict[str, Any], model_names: set[str]) -> None:
        self.spec = spec
        self.model_names = model_names
        self.schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})

    def deref(self, node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """The node behind a local ``$ref`` (followed to the end) and the last component name on the way."""
        name = None
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise SpecError(f"only local $refs are supported, got {ref}")
            parts = ref[2:].split("/")
            if parts[:2] == ["components", "schemas"]:
                name = parts[2]
            target: Any = self.spec
            for part in parts:
                target = target[part]
            node = target
        return node, name

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


def method_name(operation: dict[str, Any], nouns: set[str]) -> str:
    explicit = operation.get("x-sendmux-method")
    if explicit:
        if not str(explicit).isidentifier() or keyword.iskeyword(explicit):
            raise SpecError(f"x-sendmux-method {explicit!r} is not a Python name")
        return str(explicit)
    words = [w for w in snake(operation["operationId"]).split("_") if w not in nouns]
    if not words:
        raise SpecError(f"operationId {operation['operationId']} is only the resource noun; add x-sendmux-method")
    return "_".join(words)


def parameter_name(param: dict[str, Any], noun: str) -> str:
    explicit = param.get("x-sendmux-name")
    if explicit:
        return str(explicit)
    if param["in"] == "header":
        return CONDITIONAL_HEADERS.get(param["name"], snake(param["name"]))
    if param["in"] == "path" and param["name"] == "public_id":
        return f"{noun}_id"  # every Sendmux resource route names its own id {public_id}
    return snake(param["name"])


def build_operation(layer: Layer, resource: Resource, path: str, method: str, item: dict[str, Any]) -> Operation:
    operation = item[method]
    op_id = operation["operationId"]
    noun = singular(resource.tag)
    params = [layer.deref(p)[0] for p in [*item.get("parameters", []), *operation.get("parameters", [])]]
    path_args: list[Argument] = []
    keyword_args: list[Argument] = []
    idempotency: Argument | None = None
    headers: list[Argument] = []
    for param in params:
        where = param["in"]
        if where == "cookie":
            raise SpecError(f"{op_id}: cookie parameters are not supported")
        name = parameter_name(param, noun)
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
    for argument in keyword_args:
        if not argument.required and argument.default == "None" and not argument.annotation.endswith("| None"):
            argument.annotation += " | None"

    envelope, envelope_name, data_schema, data_name = success(layer, operation, op_id)
    pagination = layer.deref(envelope["properties"].get("pagination", {}))[0]
    paginated = "next_cursor" in pagination.get("properties", {})
    override = layer.deref(data_schema)[0].get("x-sendmux-python-class") if data_name else None
    imports = [f"from ..models import {envelope_name}"]
    if paginated:
        item_name = layer.deref(data_schema.get("items", {}))[1]
        if item_name is None or not any(a.wire == "cursor" and a.where == "query" for a in keyword_args):
            raise SpecError(f"{op_id}: a paginated list needs a query parameter `cursor` and items of a component")
        resource.model_imports.add(layer.model(item_name))
        data_type = f"Page[{item_name}]"
        parser = f"_parse_{snake(envelope_name)}"
        expression = f"page_of({envelope_name}.from_dict(document))"
    elif data_name is None:
        raise SpecError(f"{op_id}: the success envelope's data must be a component schema")
    elif override:
        item_name = None
        resource.overrides.add(override)
        data_type = override
        parser = f"_parse_{snake(envelope_name)}_as_{snake(override)}"
        imports.append(f"from .. import {override}")
        expression = f"{override}.adopt({envelope_name}.from_dict(document).data)"
    else:
        item_name = None
        resource.model_imports.add(layer.model(data_name))
        data_type = data_name
        parser = f"_parse_{snake(envelope_name)}"
        expression = f"{envelope_name}.from_dict(document).data"
    resource.parsers[parser] = Parser(imports, expression, data_type)

    not_modified = "304" in operation["responses"] and any(a.name == "if_none_match" for a in keyword_args)
    return Operation(
        operation_id=op_id,
        method_name=method_name(operation, {resource.tag, noun}),
        http_method=method.upper(),
        path=path,
        summary=doc_text(operation.get("summary") or op_id),
        description=doc_text(operation.get("description")),
        path_args=path_args,
        keyword_args=keyword_args,
        data_type=data_type,
        parser=parser,
        paginated=paginated,
        item_type=item_name,
        not_modified=not_modified,
        idempotency_key=idempotency,
        on_gone=gone_data(operation, path_args, data_name, resource, layer),
        statuses=[s for s in operation["responses"] if not s.startswith("2")],
        gone_type=data_name,
    )


def build_body(layer: Layer, resource: Resource, operation: dict[str, Any], method: str, op_id: str) -> list[Argument]:
    """Body fields as keywords: required ones without default; others default to "not sent" (``None``), or,
    on PATCH and for fields that may be null, to ``OMIT`` so that ``None`` can clear."""
    body = operation.get("requestBody")
    if body is None:
        return []
    content = body.get("content", {})
    if list(content) != ["application/json"]:
        raise SpecError(f"{op_id}: only application/json request bodies are supported")
    node, _ = layer.deref(content["application/json"]["schema"])
    if layer.kind(node) != "object":
        raise SpecError(f"{op_id}: the request body must be an object")
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


def success(
    layer: Layer, operation: dict[str, Any], op_id: str
) -> tuple[dict[str, Any], str, dict[str, Any], str | None]:
    """The success envelope, its component name, the envelope's ``data`` schema and that schema's name."""
    statuses = [s for s in operation["responses"] if s.startswith("2")]
    if len(statuses) != 1:
        raise SpecError(f"{op_id}: exactly one 2xx response is supported, got {statuses}")
    response = layer.deref(operation["responses"][statuses[0]])[0]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        raise SpecError(f"{op_id}: the success response must have an application/json schema")
    envelope, envelope_name = layer.deref(schema)
    if envelope_name is None or "data" not in envelope.get("properties", {}):
        raise SpecError(f"{op_id}: the success body must be a component envelope with `data`")
    layer.model(envelope_name)
    data_schema = envelope["properties"]["data"]
    return envelope, envelope_name, data_schema, layer.deref(data_schema)[1]


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


def build(spec: dict[str, Any], model_names: set[str]) -> list[Resource]:
    layer = Layer(spec, model_names)
    tags = {tag["name"]: tag for tag in spec.get("tags", [])}
    resources: dict[str, Resource] = {}
    for path, item in spec["paths"].items():
        for method in [key for key in item if key in HTTP_METHODS]:
            operation = item[method]
            op_tags = operation.get("tags", [])
            if len(op_tags) != 1:
                raise SpecError(f"{operation.get('operationId')}: every operation needs exactly one tag")
            tag = op_tags[0]
            if not re.fullmatch(r"[a-z][a-z0-9_]*", tag):
                raise SpecError(f"tag {tag!r} must be a lowercase Python name (it becomes client.{tag})")
            resource = resources.setdefault(
                tag,
                Resource(tag, tag, pascal(tag), doc_text(tags.get(tag, {}).get("description") or tag.capitalize())),
            )
            resource.operations.append(build_operation(layer, resource, path, method, item))
    for resource in resources.values():
        reads = {op.path: op for op in resource.operations if op.http_method == "GET" and not op.paginated}
        for op in resource.operations:
            if op.conditional and op.http_method != "GET":
                op.recheck = reads.get(op.path)
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
    return [resources[tag] for tag in sorted(resources)]


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


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: resource_layer.py SPEC OUT_ROOT", file=sys.stderr)
        return 2
    spec_path, out = Path(argv[0]), Path(argv[1])
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    names = model_names(out / "sendmux_client" / "models" / "__init__.py")
    try:
        resources = build(spec, names)
    except SpecError as exc:
        print(f"{spec_path}: {exc}", file=sys.stderr)
        return 1
    render(spec, resources, names, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
