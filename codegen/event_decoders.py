"""Write ``sendmux._decoders``: a straight-line decoder for each model a webhook delivery carries, and
``sendmux._event``: ``WebhookEvent``, the class of the event itself.

Usage: ``python codegen/event_decoders.py SPEC OUT_ROOT``, after openapi-python-client wrote
``OUT_ROOT/sendmux_client`` and ``resource_layer.py`` wrote ``OUT_ROOT/sendmux``. The models are the request
bodies of the spec's ``webhooks:`` section and every object component they hold. Each decoder checks every
key's JSON type against the generated model's annotation (the generated ``from_dict`` casts rather than checks),
converts dates, enums and nested models, keeps unknown keys in ``additional_properties``, and builds the model
in one call: ``verify_webhook`` runs it on every delivery.

The delivered body (one schema for the whole ``webhooks:`` section) is built as ``WebhookEvent`` instead of its
generated model: a plain slotted class with the model's fields, annotations and docstrings, which imports no
model and no attrs, so ``from sendmux import WebhookEvent`` stays cheap (issue 13) and is the class of every
event. Its ``to_dict`` and ``from_dict`` go through the generated model.
"""

from __future__ import annotations

import ast
import keyword
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.names import snake
from codegen.resource_layer import templates
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
    annotation: str = ""  # the generated model's annotation, as written there
    doc: str = ""  # the generated model's docstring of the attribute


@dataclass
class Model:
    name: str
    function: str
    fields: list[Field]
    cls: str = ""  # the class the decoder builds: the model, or WebhookEvent for the delivered body
    doc: str = ""  # the generated model's docstring
    names: tuple[str, ...] = ()  # the models and enums its annotations name

    def __post_init__(self) -> None:
        self.cls = self.cls or self.name

    @property
    def aliases(self) -> list[Field]:
        """The attributes the generator renamed (``type`` is ``type_``): each is also a read-only property under
        its JSON name."""
        return [f for f in self.fields if f.attribute == f.key + "_" and not keyword.iskeyword(f.key)]

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


def _docstring(node: ast.stmt | None) -> str:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return " ".join(node.value.value.split())
    return ""


def _model(models_dir: Path, name: str, enums: set[str], models: set[str]) -> Model:
    tree = ast.parse((models_dir / f"{snake(name)}.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    fields = []
    for index, s in enumerate(cls.body):
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id != "additional_properties":
            found = _field(s.target.id, s.annotation, s.value is None, enums, models)
            found.annotation = ast.unparse(s.annotation)
            found.doc = _docstring(cls.body[index + 1] if index + 1 < len(cls.body) else None)
            fields.append(found)
    named = {
        n.id
        for f in cls.body
        if isinstance(f, ast.AnnAssign)
        for n in ast.walk(f.annotation)
        if isinstance(n, ast.Name)
    }
    names = tuple(sorted(named & (enums | models)))
    return Model(name, f"decode_{snake(name)}", fields, doc=_docstring(cls.body[0]), names=names)


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


def event_model(spec: dict[str, Any]) -> str:
    """The component every ``webhooks:`` operation delivers as its request body: ``WebhookEvent``'s fields."""
    bodies = {
        operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        for item in spec.get("webhooks", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
    }
    names = sorted(ref.rsplit("/", 1)[-1] for ref in bodies if isinstance(ref, str))
    if len(bodies) != 1 or not names:
        raise SystemExit(
            "event_decoders.py: WebhookEvent is the one body the spec's webhooks: section delivers, a component "
            f"schema under application/json; found {names or 'none'}"
        )
    return names[0]


def main(argv: list[str]) -> int:
    spec_path, out = Path(argv[0]), Path(argv[1])
    spec = load(spec_path).data
    schemas = spec.get("components", {}).get("schemas", {})
    enums = {name for name, schema in schemas.items() if "enum" in schema}
    names = delivered_models(spec)
    models = [_model(out / "sendmux_client" / "models", name, enums, set(names)) for name in names]
    event = next(m for m in models if m.name == event_model(spec))
    event.cls = "WebhookEvent"
    if not all(f.required for f in event.fields):  # (_field has no rule for `| Unset` yet: kept as a guard)
        raise SystemExit(f"event_decoders.py: {event.name} has optional fields; WebhookEvent has no rule for them")
    env = templates()
    enum_names = sorted({t for m in models for f in m.fields for t in f.expected.split(" | ") if t in enums})
    env.filters["snake"] = snake
    text = env.get_template("decoders.py.jinja").render(models=models, enums=enum_names)
    (out / "sendmux" / "_decoders.py").write_text(text, encoding="utf-8")
    text = env.get_template("event.py.jinja").render(model=event)
    (out / "sendmux" / "_event.py").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
