"""Give every schema the generator needs by name a component name, so the rest of codegen sees one shape.

First every ``allOf`` is folded (``sendmux_spec.normalized``): Sendmux's ``allOf: [SuccessEnvelope, {...}]``
answers become the flat envelopes openapi.yaml writes, ``allOf: [{$ref: X}, {type: object}]`` becomes ``X``.
Then, since Sendmux also writes inline schemas (an inline envelope, an inline ``data`` object or array, inline
enums on fields and parameters), which openapi-python-client names after their position while the resource
layer needs models by name, this step moves them into ``components/schemas``, under names that depend only on
the operation and the field, so adding a schema never renames another (codegen/README.md, "Inline schemas"):

- an inline JSON success body of ``opId``: ``OpIdResponse``; its inline ``data`` object or union: ``OpIdData``;
  the inline objects of an array ``data``: ``OpIdItem``; the inline item of an event stream: ``OpIdEvent``;
- an inline enum: its ``title`` if it has one, else ``ParentField`` (``MailboxCredentialType``,
  ``CreateWebhookBodyRetryPolicy``). The same enum in the same place is one component.

Enums in answers stay open: a closed enum that only answers reach becomes ``anyOf: [Enum, string]``, as the
spec's own ``Any*`` schemas are, so a value newer than the client parses instead of failing. Requests keep them
closed. The document given is not changed; :func:`hoist` returns a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sendmux_spec import Document, SpecError, is_json, normalized, pascal, pointer

Node = dict[str, Any]


class ShapeError(Exception):
    """A shape no rule covers; the message names the operation and the JSON pointer."""


class Hoister:
    def __init__(self, spec: Node) -> None:
        self.spec = normalized(Document(spec))
        self.document = Document(self.spec)
        self.schemas: dict[str, Any] = self.spec.setdefault("components", {}).setdefault("schemas", {}) or {}
        self.spec["components"]["schemas"] = self.schemas

    # ---- following $refs ----

    def deref(self, node: Any) -> Any:
        try:
            return self.document.deref(node)
        except SpecError as exc:
            raise ShapeError(str(exc)) from exc

    def operations(self) -> Iterator[tuple[str, str, Node]]:
        for operation in self.document.operations:
            yield operation.path, operation.method, operation.node

    # ---- naming ----

    def add(self, name: str, schema: Node, where: str) -> Node:
        """Put ``schema`` into components as ``name``; return the ``$ref`` that replaces it."""
        if name in self.schemas and self.schemas[name] != schema:
            raise ShapeError(f"{where}: the name {name} given to an inline schema is taken by another component")
        self.schemas[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}

    @staticmethod
    def is_enum(node: Any) -> bool:
        return isinstance(node, dict) and "enum" in node and "$ref" not in node

    def enum_ref(self, node: Node, field: str, parent: str, where: str, *, answer: bool = False) -> Node:
        """The reference that replaces an inline enum (open where ``answer``). Its description stays with the field,
        so one component can serve fields that describe it differently."""
        name = node.get("title") or parent + pascal(field)
        if name not in self.schemas or self.schemas[name].get("enum") != node["enum"]:
            self.add(str(name), {k: v for k, v in node.items() if k != "description"}, where)
        ref: Node = {"$ref": f"#/components/schemas/{name}"}
        described = {"description": node["description"]} if "description" in node else {}
        return {"anyOf": [ref, {"type": "string"}], **described} if answer else {**ref, **described}

    # ---- the walk ----

    def enums_in(self, node: Any, parent: str, field: str, where: str, *, answer: bool, depth: int = 0) -> Any:
        """``node`` with each inline enum below it replaced by a reference (opened where ``answer``)."""
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = self.deref(node)
            if answer and self.is_enum(target):
                return {"anyOf": [node, {"type": "string"}]}
            return node
        if self.is_enum(node) and depth > 0:
            return self.enum_ref(node, field, parent, where, answer=answer)
        result = dict(node)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                result[key] = self.enums_in(node[key], parent, field, f"{where}/{key}", answer=answer, depth=depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                members = [
                    self.enums_in(m, parent, field, f"{where}/{key}/{i}", answer=answer, depth=depth + 1)
                    for i, m in enumerate(node[key])
                ]
                if answer and key == "anyOf" and any(m.get("type") == "string" and "enum" not in m for m in node[key]):
                    members = [m["anyOf"][0] if "anyOf" in m and "$ref" in m["anyOf"][0] else m for m in members]
                result[key] = members
        if isinstance(node.get("properties"), dict):
            result["properties"] = {
                prop: self.enums_in(s, parent, prop, f"{where}/properties/{prop}", answer=answer, depth=depth + 1)
                for prop, s in node["properties"].items()
            }
        return result

    def hoist_success(self, op_name: str, content: Node, where: str) -> None:
        for media_type, media in content.items():
            schema_key = "itemSchema" if "itemSchema" in media else "schema"
            schema = media.get(schema_key)
            if not isinstance(schema, dict):
                continue
            here = f"{where}/content/{pointer(media_type)[2:]}/{schema_key}"
            if media_type.split(";")[0].strip().lower() == "text/event-stream":
                if "$ref" not in schema and self.deref(schema).get("type") == "object":
                    media[schema_key] = self.add(f"{op_name}Event", schema, here)
                continue
            if not is_json(media_type) or "$ref" in schema:
                continue
            if schema.get("type") != "object" or "data" not in schema.get("properties", {}):
                media[schema_key] = self.add(f"{op_name}Response", schema, here)
                continue
            data = schema["properties"]["data"]
            if "$ref" not in data:
                kind = data.get("type")
                if kind == "object" or any(k in data for k in ("oneOf", "anyOf", "allOf")) or self.is_enum(data):
                    schema["properties"]["data"] = self.add(f"{op_name}Data", data, f"{here}/properties/data")
                elif kind == "array" and isinstance(data.get("items"), dict) and "$ref" not in data["items"]:
                    items = data["items"]
                    if items.get("type") == "object" or any(k in items for k in ("oneOf", "anyOf", "allOf")):
                        data["items"] = self.add(f"{op_name}Item", items, f"{here}/properties/data/items")
            media[schema_key] = self.add(f"{op_name}Response", schema, here)

    def nullable_components(self) -> None:
        """A component that may be null (``type: [object, null]``, as Sendmux writes ``MailboxCredential``) becomes
        the object alone, and each reference to it ``anyOf: [{$ref}, {type: null}]``: the same JSON, and a model
        named after the component instead of openapi-python-client's ``MailboxCredentialType0``."""
        nullable = set()
        for name, schema in self.schemas.items():
            types = schema.get("type") if isinstance(schema, dict) else None
            if isinstance(types, list) and "null" in types and "object" in types and "enum" not in schema:
                rest = [t for t in types if t != "null"]
                schema["type"] = rest[0] if len(rest) == 1 else rest
                nullable.add(f"#/components/schemas/{name}")

        def walk(node: Any) -> Any:
            if isinstance(node, list):
                return [walk(value) for value in node]
            if not isinstance(node, dict):
                return node
            if node.get("$ref") in nullable:
                reference = {"$ref": node["$ref"]}
                return {**{k: v for k, v in node.items() if k != "$ref"}, "anyOf": [reference, {"type": "null"}]}
            if isinstance(node.get("anyOf"), list) and any(b.get("$ref") in nullable for b in node["anyOf"]):
                return node  # already says where null goes
            return {
                k: v if k in ("example", "examples", "default", "const", "enum") else walk(v) for k, v in node.items()
            }

        if nullable:
            for key in ("paths", "webhooks", "components"):
                if key in self.spec:
                    self.spec[key] = walk(self.spec[key])
            self.schemas = self.spec["components"]["schemas"]
            self.document = Document(self.spec)

    def run(self) -> Node:
        self.nullable_components()
        for path, method, operation in self.operations():
            op_id = operation.get("operationId")
            where = pointer("paths", path, method)
            if not op_id:
                raise ShapeError(f"{where}: every operation needs an operationId")
            try:
                self.hoist_operation(pascal(op_id), operation, where)
            except ShapeError as exc:
                raise ShapeError(f"{op_id} ({where}): {exc}") from exc
        reached = self.answer_schemas()
        for name in list(self.schemas):  # hoisted enums join the dict as it is walked: walk the names as they were
            where = pointer("components", "schemas", name)
            try:
                self.schemas[name] = self.enums_in(self.schemas[name], name, "", where, answer=name in reached)
            except ShapeError as exc:
                users = ", ".join(str(op.operation_id) for op in self.document.reaching(name)) or "no operation"
                raise ShapeError(f"{users}: {exc}") from exc
        return self.spec

    def hoist_operation(self, op_name: str, operation: Node, where: str) -> None:
        """The inline success bodies, parameter enums and body enums of one operation."""
        for status, response in operation.get("responses", {}).items():
            response = self.deref(response)
            if str(status).startswith("2") and isinstance(response.get("content"), dict):
                self.hoist_success(op_name, response["content"], f"{where}/responses/{status}")
        for index, param in enumerate(operation.get("parameters", [])):
            param = self.deref(param)
            if isinstance(param.get("schema"), dict):
                here = f"{where}/parameters/{index}/schema"
                node = param["schema"]
                if self.is_enum(node):
                    param["schema"] = self.enum_ref(node, param["name"], op_name, here)
                else:
                    param["schema"] = self.enums_in(node, op_name, param["name"], here, answer=False)
        body = self.deref(operation.get("requestBody", {}))
        for media_type, media in body.get("content", {}).items():
            if isinstance(media.get("schema"), dict) and "$ref" not in media["schema"]:
                here = f"{where}/requestBody/content/{pointer(media_type)[2:]}/schema"
                media["schema"] = self.enums_in(media["schema"], f"{op_name}Body", "", here, answer=False)

    def answer_schemas(self) -> set[str]:
        """The components reached from a success answer or a webhook payload, and from no request."""

        def refs(node: Any, seen: set[str]) -> set[str]:
            if isinstance(node, dict):
                ref = node.get("$ref", "")
                if ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] not in seen:
                    name = ref.rsplit("/", 1)[1]
                    seen.add(name)
                    refs(self.schemas.get(name), seen)
                for value in node.values():
                    refs(value, seen)
            elif isinstance(node, list):
                for value in node:
                    refs(value, seen)
            return seen

        answers: set[str] = set()
        requests: set[str] = set()
        for _, _, operation in self.operations():
            refs(operation.get("responses", {}), answers)
            refs(operation.get("requestBody", {}), requests)
            refs(operation.get("parameters", []), requests)
        refs(self.spec.get("webhooks", {}), answers)
        return answers - requests


def hoist(spec: Node) -> Node:
    """A copy of ``spec`` with the schemas the generator needs by name in ``components`` (module docstring)."""
    return Hoister(spec).run()


def models_only(spec: Node) -> Node:
    """What openapi-python-client is given: the components, and no paths (sendmux sends requests itself, so it
    needs only the models, and a media type its generator has no rule for cannot stop a run)."""
    return {**{k: v for k, v in spec.items() if k not in ("paths", "webhooks")}, "paths": {}}


def main(argv: list[str]) -> int:
    import json
    import sys
    from pathlib import Path

    from sendmux_spec import load

    if len(argv) != 2:
        print("usage: python -m codegen.hoist SPEC WORK_DIR", file=sys.stderr)
        return 2
    source, work = Path(argv[0]), Path(argv[1])
    try:
        spec = hoist(load(source).data)
    except (ShapeError, SpecError) as exc:
        print(f"{source}: {exc}", file=sys.stderr)
        return 1
    # JSON is YAML: both files are read by YAML readers, and JSON keeps every key's order and type as it is.
    (work / "spec.json").write_text(json.dumps(spec, indent=1, default=str), encoding="utf-8")
    (work / "models.json").write_text(json.dumps(models_only(spec), indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
