"""Argument checks, built by the generated operations from the limits openapi.yaml states.

Each check is called as ``check(value, "field")`` before any request is sent and returns the value as it goes
on the wire, or raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, breaks a rule) naming
the field. No limit is written here: they all come from the schema, through codegen/resource_layer.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, cast

__all__ = ["Boolean", "Choice", "Fields", "Header", "Integer", "Items", "Number", "Text"]


def _kind(value: object) -> str:
    return type(value).__name__


class _Check:
    __slots__ = ("nullable",)

    def __init__(self, *, nullable: bool = False) -> None:
        self.nullable = nullable

    def __call__(self, value: Any, field: str) -> Any:
        if value is None and self.nullable:
            return None
        return self.check(value, field)

    def check(self, value: Any, field: str) -> Any:
        raise NotImplementedError

    def wrong_type(self, field: str, expected: str, value: object) -> TypeError:
        return TypeError(f"{field} must be {expected}{' or None' if self.nullable else ''}, got {_kind(value)}")


def _length(field: str, value: str | list[Any], low: int | None, high: int | None, unit: str) -> None:
    if (low is not None and len(value) < low) or (high is not None and len(value) > high):
        if low == 1 and high is None:
            raise ValueError(f"{field} must not be empty")
        bounds = f"at least {low}" if high is None else f"at most {high}" if low is None else f"{low}-{high}"
        raise ValueError(f"{field} must have {bounds} {unit}, got {len(value)}")


class Text(_Check):
    """A string within ``min_length``/``max_length`` that matches ``pattern``."""

    __slots__ = ("max_length", "min_length", "pattern")

    def __init__(
        self,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        nullable: bool = False,
    ) -> None:
        super().__init__(nullable=nullable)
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None

    def check(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(field, "a string", value)
        _length(field, value, self.min_length, self.max_length, "characters")
        if self.pattern is not None and not self.pattern.search(value):
            prefix = re.fullmatch(r"\^([\w:/.-]+)", self.pattern.pattern)
            rule = f"start with {prefix[1]}" if prefix else f"match {self.pattern.pattern!r}"
            raise ValueError(f"{field} must {rule}, got {value!r}")
        return str.__str__(value)


class Header(Text):
    """A header value: also printable ASCII with no surrounding spaces, and never empty."""

    __slots__ = ()

    def check(self, value: Any, field: str) -> str:
        text = super().check(value, field)
        if not text or not (text.isascii() and text.isprintable()) or text != text.strip():
            raise ValueError(f"{field} must be printable ASCII without surrounding spaces (it is sent as a header)")
        return text


class Integer(_Check):
    """An ``int`` (not a ``bool``) within ``minimum``/``maximum``."""

    __slots__ = ("maximum", "minimum")
    kinds: tuple[type, ...] = (int,)
    expected = "an int"

    def __init__(self, *, minimum: float | None = None, maximum: float | None = None, nullable: bool = False) -> None:
        super().__init__(nullable=nullable)
        self.minimum = minimum
        self.maximum = maximum

    def check(self, value: Any, field: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, self.kinds):
            raise self.wrong_type(field, self.expected, value)
        number = cast(float, value)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            low = "" if self.minimum is None else f" at least {self.minimum}"
            high = "" if self.maximum is None else f"{' and' if low else ''} at most {self.maximum}"
            raise ValueError(f"{field} must be{low}{high}, got {value!r}")
        return value


class Number(Integer):
    """An ``int`` or ``float`` within ``minimum``/``maximum``."""

    __slots__ = ()
    kinds = (int, float)
    expected = "a number"


class Boolean(_Check):
    __slots__ = ()

    def check(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            raise self.wrong_type(field, "True or False", value)
        return value


class Choice(_Check):
    """An enum value, as its ``Enum`` member or any non-empty string: the API, not this package's version, knows
    every value there is, so a newer one is sent as it is and an unknown one gets the API's 422."""

    __slots__ = ()

    def check(self, value: Any, field: str) -> str:
        text = value.value if isinstance(value, Enum) else value
        if not isinstance(text, str):
            raise self.wrong_type(field, "a string", value)
        if not text:
            raise ValueError(f"{field} must not be empty")
        return str.__str__(text)


class Items(_Check):
    """A list (any iterable but a string or mapping) of values that pass ``item``."""

    __slots__ = ("example", "item", "max_items", "min_items")

    def __init__(
        self,
        item: _Check,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        example: list[Any] | None = None,
        nullable: bool = False,
    ) -> None:
        super().__init__(nullable=nullable)
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.example = example

    def check(self, value: Any, field: str) -> list[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            such_as = f" such as {self.example!r}" if self.example else ""
            raise TypeError(f"{field} must be a list{such_as}, got {value!r}")
        items = [self.item(element, f"{field}[{index}]") for index, element in enumerate(value)]
        _length(field, items, self.min_items, self.max_items, "items")
        return items


class Fields(_Check):
    """An object: a mapping with these keys, or one of the generated ``models`` (by class name)."""

    __slots__ = ("closed", "fields", "models", "required")

    def __init__(
        self,
        fields: dict[str, _Check],
        *,
        required: tuple[str, ...] = (),
        closed: bool = False,
        models: tuple[str, ...] = (),
        nullable: bool = False,
    ) -> None:
        super().__init__(nullable=nullable)
        self.fields = fields
        self.required = required
        self.closed = closed
        self.models = models

    def check(self, value: Any, field: str) -> dict[str, Any]:
        if type(value).__name__ in self.models and callable(getattr(value, "to_dict", None)):
            # what the model read from an answer; keys a newer server added are not this request's to send
            value = {key: item for key, item in value.to_dict().items() if key in self.fields}
        elif not isinstance(value, Mapping):
            kinds = " or ".join([*self.models, "a dict"])
            raise TypeError(f"{field} must be {kinds} with the keys {list(self.fields)}, got {value!r}")
        unknown = sorted(set(value) - set(self.fields)) if self.closed else []
        if unknown:
            raise ValueError(f"{field} has unknown keys {unknown}; its keys are {list(self.fields)}")
        missing = [key for key in self.required if key not in value]
        if missing:
            raise ValueError(f"{field} needs the keys {missing}")
        return {
            key: self.fields[key](item, f"{field}[{key!r}]") if key in self.fields else item
            for key, item in value.items()
        }
