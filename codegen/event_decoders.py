"""Write ``sendmux._decoders``: a straight-line decoder for each model a webhook delivery carries.

Usage: ``python codegen/event_decoders.py SPEC OUT_ROOT``, after openapi-python-client wrote
``OUT_ROOT/sendmux_client`` and ``resource_layer.py`` wrote ``OUT_ROOT/sendmux``. The models are the request
bodies of the spec's ``webhooks:`` section and every object component they hold. Each decoder checks every
key's JSON type against the generated model's annotation (the generated ``from_dict`` casts rather than checks),
converts dates, enums and nested models, keeps unknown keys in ``additional_properties``, and builds the model
in one call: ``verify_webhook`` runs it on every delivery.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.resource_layer import snake, templates
from sendmux_spec import load

# A JSON value's Python type for each annotation member (a model is a JSON object, an enum a JSON string).
_JSON_TYPES = {"str": ("str",), "bool": ("bool",), "int": ("int",), "float": ("int", "float"), "None": ("NoneType",)}


@dataclass
class Field:
    attribute: str  # the generated model's attribute
    key: str  # the JSON key (the generator renames "type" to type_)
    expected: str  # the annotation in words, for messages ("null | str", "an object")
    types: tuple[str, ...]  # the Python types its JSON value may have; () when a converter checks it
    required: bool
    convert: str | None  # Python source turning the checked value into the attribute's, with {v} for the value
    items: str | None  # the item type name of a list, whose items are checked too


@dataclass
class Model:
    name: str
    function: str
    fields: list[Field]

    @property
    def lookups(self) -> str:
        """``a, b = raw["a"], raw["b"]`` for the required keys: one ``KeyError`` names the first one missing."""
        required = [f for f in self.fields if f.required]
        return f"{', '.join(f.attribute for f in required)} = {', '.join(f'raw[{f.key!r}]' for f in required)}"


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_members(node.left), *_members(node.right)]
    return [node]


def _field(target: str, annotation: ast.expr, required: bool, enums: set[str], models: set[str]) -> Field:
    members = _members(annotation)
    texts = [ast.unparse(m) for m in members]
    types: list[str] = []
    convert = items = None
    for text in texts:
        if text in _JSON_TYPES:
            types += _JSON_TYPES[text]
        elif text == "datetime.datetime":
            convert = "datetime.datetime.fromisoformat({v})"  # checks its argument itself, and names the problem
        elif text in enums:
            types.append("str")
            convert = f"_{snake(text).upper()}.get({{v}}, {{v}})"  # a value newer than this package stays a str
        elif text in models:
            types.append("dict")
            convert = f'decode_{snake(text)}({{v}}, path=f"{{path}}{target.removesuffix("_")}.")'
        elif text.startswith("list[") and text[5:-1] in _JSON_TYPES:
            types.append("list")
            items = text[5:-1]
        else:
            raise SystemExit(f"event_decoders.py: no rule for the annotation {text!r} of {target}")
    if convert and convert.startswith("datetime"):
        types = []  # fromisoformat refuses anything but a str with its own message
    expected = (
        "an object"
        if texts == [t for t in texts if t in models]
        else " | ".join("null" if t == "None" else t for t in texts)
    )
    return Field(target, target.removesuffix("_"), expected, tuple(dict.fromkeys(types)), required, convert, items)


def _model(models_dir: Path, name: str, enums: set[str], models: set[str]) -> Model:
    tree = ast.parse((models_dir / f"{snake(name)}.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    fields = [
        _field(s.target.id, s.annotation, s.value is None, enums, models)
        for s in cls.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id != "additional_properties"
    ]
    return Model(name, f"decode_{snake(name)}", fields)


def delivered_models(spec: dict[str, Any]) -> list[str]:
    """The component objects a delivery carries: each ``webhooks:`` request body and the objects it nests."""
    schemas = spec.get("components", {}).get("schemas", {})
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None
            if name and name not in found:
                if schemas[name].get("type") == "object":
                    found.append(name)
                visit(schemas[name])
            for key, value in node.items():
                if key != "$ref":
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for item in spec.get("webhooks", {}).values():
        for operation in item.values():
            visit(operation.get("requestBody", {}))
    return found


def main(argv: list[str]) -> int:
    spec_path, out = Path(argv[0]), Path(argv[1])
    spec = load(spec_path).data
    schemas = spec.get("components", {}).get("schemas", {})
    enums = {name for name, schema in schemas.items() if "enum" in schema}
    names = delivered_models(spec)
    models = [_model(out / "sendmux_client" / "models", name, enums, set(names)) for name in names]
    env = templates()
    enum_names = sorted({t for m in models for f in m.fields for t in f.expected.split(" | ") if t in enums})
    env.filters["snake"] = snake
    text = env.get_template("decoders.py.jinja").render(models=models, enums=enum_names)
    target = out / "sendmux" / "_decoders.py"
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
