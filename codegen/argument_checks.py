"""Write the argument checks of a resource module: one function per argument, with its schema's limits inlined.

Each function is ``_check_<argument>(value, name)``: it returns the value as it goes on the wire, or raises
``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, breaks a rule) naming ``name``. Nested arrays
and objects get functions of their own. ``resource_layer.py`` asks for them; nothing here knows an operation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sendmux_spec import HEADER_TEXT


def lit(text: str) -> str:
    """``text`` as literal text inside a generated f-string (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


class CheckWriter:
    """Collects the check functions of one module in ``functions`` (name -> source), one per distinct check."""

    def __init__(
        self,
        deref: Callable[[dict[str, Any]], tuple[dict[str, Any], str | None]],
        kind: Callable[[dict[str, Any]], str],
        accepted_models: Callable[[dict[str, Any], str | None], list[str]],
    ) -> None:
        self.deref, self.kind, self.accepted_models = deref, kind, accepted_models
        self.functions: dict[str, str] = {}

    def function(self, schema: dict[str, Any], hint: str, *, header: bool = False, nullable: bool = False) -> str:
        """The name of the function that checks a value of ``schema`` (``hint`` names it and its children)."""
        node, component = self.deref(schema)
        nullable = nullable or (isinstance(node.get("type"), list) and "null" in node["type"])
        base = f"_check_{hint}{'_or_none' if nullable else ''}"
        kind = "header" if header else self.kind(node)
        body = getattr(self, f"_{kind}")(node, component, base, nullable)
        name, number = base, 1
        while self.functions.get(name, None) not in (None, body.replace("{fn}", name)):
            number += 1
            name = f"{base}_{number}"
        self.functions[name] = body.replace("{fn}", name)
        return name

    # ---- one method per kind of schema: the function's source, "{fn}" standing for its name ----

    @staticmethod
    def _start(returns: str, nullable: bool) -> list[str]:
        lines = [f"def {{fn}}(value: Any, name: str) -> {returns}{' | None' if nullable else ''}:"]
        return [*lines, "    if value is None:", "        return None"] if nullable else lines

    @staticmethod
    def _wrong_type(condition: str, expected: str, nullable: bool) -> list[str]:
        expected += " or None" if nullable else ""
        return [
            f"    if {condition}:",
            f'        raise TypeError(f"{{name}} must be {expected}, got {{type(value).__name__}}")',
        ]

    @staticmethod
    def _bounds(size: str, low: float | None, high: float | None, unit: str = "") -> list[str]:
        if low is None and high is None:
            return []
        if unit and low == 1 and high is None:
            return [f"    if {size} < 1:", '        raise ValueError(f"{name} must not be empty")']
        parts = ([] if low is None else [f"at least {low}"]) + ([] if high is None else [f"at most {high}"])
        condition = " or ".join(
            ([] if low is None else [f"{size} < {low}"]) + ([] if high is None else [f"{size} > {high}"])
        )
        verb = "have" if unit else "be"
        return [
            f"    if {condition}:",
            f'        raise ValueError(f"{{name}} must {verb} {" and ".join(parts)}{unit}, got {{{size}!r}}")',
        ]

    def _string(self, node: dict[str, Any], _: str | None, base: str, nullable: bool) -> str:
        lines = self._start("str", nullable)
        lines += self._wrong_type("not isinstance(value, str)", "a string", nullable)
        lines += self._bounds("len(value)", node.get("minLength"), node.get("maxLength"), " characters")
        pattern = node.get("pattern")
        if pattern:
            prefix = re.fullmatch(r"\^([\w:/.-]+)", pattern)
            if prefix:
                condition, rule = f"value.startswith({prefix[1]!r})", f"start with {prefix[1]}"
            else:
                condition, rule = f"re.search({pattern!r}, value)", f"match {pattern!r}"
            hint = lit(f" ({node['x-sendmux-hint']})") if "x-sendmux-hint" in node else ""  # what to do instead
            lines += [f"    if not {condition}:"]
            lines += [f'        raise ValueError(f"{{name}} must {lit(rule)}, got {{value!r}}{hint}")']
        return "\n".join([*lines, "    return str.__str__(value)"])

    def _header(self, node: dict[str, Any], component: str | None, base: str, nullable: bool) -> str:
        if self.kind(node) != "string":
            raise SystemExit(f"resource_layer.py: header parameters must be strings: {node}")
        if node.get("pattern") in HEADER_TEXT:  # what the check below says for every header, in plainer words
            node = {key: value for key, value in node.items() if key != "pattern"}
        lines = self._string(node, component, base, nullable).splitlines()[:-1]
        lines += [
            "    if not value or not (value.isascii() and value.isprintable()) or value != value.strip():",
            '        raise ValueError(f"{name} must be printable ASCII without surrounding spaces'
            ' (it is sent as a header)")',
        ]
        return "\n".join([*lines, "    return value"])

    def _integer(self, node: dict[str, Any], _: str | None, base: str, nullable: bool, kinds: str = "int") -> str:
        lines = self._start("int" if kinds == "int" else "float", nullable)
        expected = "an int" if kinds == "int" else "a number"
        lines += self._wrong_type(f"isinstance(value, bool) or not isinstance(value, {kinds})", expected, nullable)
        lines += self._bounds("value", node.get("minimum"), node.get("maximum"))
        return "\n".join([*lines, "    return value"])

    def _number(self, node: dict[str, Any], component: str | None, base: str, nullable: bool) -> str:
        return self._integer(node, component, base, nullable, kinds="int | float")

    def _boolean(self, node: dict[str, Any], _: str | None, base: str, nullable: bool) -> str:
        lines = self._start("bool", nullable)
        lines += self._wrong_type("not isinstance(value, bool)", "True or False", nullable)
        return "\n".join([*lines, "    return value"])

    def _enum(self, node: dict[str, Any], _: str | None, base: str, nullable: bool) -> str:
        """Any non-empty string: the API, not this package's version, knows every value there is."""
        lines = self._start("str", nullable)
        lines += ["    text = value.value if isinstance(value, Enum) else value"]
        wrong_type = self._wrong_type("not isinstance(value, str)", "a string", nullable)
        lines += [line.replace("isinstance(value", "isinstance(text") for line in wrong_type]
        lines += ["    if not text:", '        raise ValueError(f"{name} must not be empty")']
        return "\n".join([*lines, "    return str.__str__(text)"])

    def _array(self, node: dict[str, Any], _: str | None, base: str, nullable: bool) -> str:
        item = self.function(node["items"], base.removeprefix("_check_").removesuffix("_or_none") + "_item")
        example = (node.get("examples") or [None])[0]
        such_as = f" such as {lit(repr(example))}" if example else ""
        lines = self._start("list[Any]", nullable)
        lines += [
            "    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):",
            f'        raise TypeError(f"{{name}} must be a list{such_as}, got {{value!r}}")',
            f'    items = [{item}(item, f"{{name}}[{{index}}]") for index, item in enumerate(value)]',
        ]
        lines += self._bounds("len(items)", node.get("minItems"), node.get("maxItems"), " items")
        return "\n".join([*lines, "    return items"])

    def _object(self, node: dict[str, Any], component: str | None, base: str, nullable: bool) -> str:
        properties = node.get("properties", {})
        keys = list(properties)
        stem = base.removeprefix("_check_").removesuffix("_or_none")
        checks = {key: self.function(schema, f"{stem}_{key}") for key, schema in properties.items()}
        models = self.accepted_models(node, component)
        closed = node.get("additionalProperties") is False
        lines = self._start("dict[str, Any]", nullable)
        if models:
            lines += [
                f"    if type(value).__name__ in {tuple(models)!r} and callable(getattr(value, 'to_dict', None)):",
                "        # what a model read from an answer holds; keys a newer server added are not this request's",
                f"        value = {{key: item for key, item in value.to_dict().items() if key in {tuple(keys)!r}}}",
            ]
        kinds = " or ".join([*models, "a dict"])
        lines += [
            f"    {'el' if models else ''}if not isinstance(value, Mapping):",
            f'        raise TypeError(f"{{name}} must be {kinds} with the keys {lit(repr(keys))}, got {{value!r}}")',
        ]
        if closed:
            allowed = f"set(value) - {{{', '.join(map(repr, keys))}}}" if keys else "value"
            lines += [
                f"    unknown = sorted({allowed})",
                "    if unknown:",
                f'        raise ValueError(f"{{name}} has unknown keys {{unknown}}; its keys are {lit(repr(keys))}")',
            ]
        required = node.get("required", [])
        if required:
            lines += [
                f"    missing = [key for key in {tuple(required)!r} if key not in value]",
                "    if missing:",
                '        raise ValueError(f"{name} needs the keys {missing}")',
            ]
        lines += ["    checked: dict[str, Any] = {}" if closed else "    checked = dict(value)"]
        for key, check in checks.items():
            lines += [f"    if {key!r} in value:"]
            lines += [f'        checked[{key!r}] = {check}(value[{key!r}], f"{{name}}[{key!r}]")']
        return "\n".join([*lines, "    return checked"])
