"""Argument checks, built by the generated operations from the limits openapi.yaml states.

Each check is called as ``check(value, "field")`` before any request is sent and returns the value as it goes
on the wire, or raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, breaks a rule) naming
the field. No limit is written here: they all come from the schema, through codegen/resource_layer.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Boolean", "Choice", "Fields", "Header", "Integer", "Items", "Number", "Text"]


@dataclass(frozen=True)
class _Check:
    nullable: bool = field(default=False, kw_only=True)

    def __call__(self, value: Any, name: str) -> Any:
        return None if value is None and self.nullable else self.check(value, name)

    def check(self, value: Any, name: str) -> Any:
        raise NotImplementedError

    def wrong_type(self, name: str, expected: str, value: object) -> TypeError:
        return TypeError(f"{name} must be {expected}{' or None' if self.nullable else ''}, got {type(value).__name__}")


def _range(name: str, value: Any, low: float | None, high: float | None, unit: str = "") -> None:
    size = len(value) if unit else value
    if (low is not None and size < low) or (high is not None and size > high):
        if unit and low == 1 and high is None:
            raise ValueError(f"{name} must not be empty")
        bounds = " and ".join(
            ([] if low is None else [f"at least {low}"]) + ([] if high is None else [f"at most {high}"])
        )
        raise ValueError(f"{name} must {'have' if unit else 'be'} {bounds}{unit}, got {size!r}")


@dataclass(frozen=True)
class Text(_Check):
    """A string within ``min_length``/``max_length`` that matches ``pattern``."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    def check(self, value: Any, name: str) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(name, "a string", value)
        _range(name, value, self.min_length, self.max_length, " characters")
        if self.pattern is not None and not re.search(self.pattern, value):
            prefix = re.fullmatch(r"\^([\w:/.-]+)", self.pattern)
            raise ValueError(
                f"{name} must {f'start with {prefix[1]}' if prefix else f'match {self.pattern!r}'}, got {value!r}"
            )
        return str.__str__(value)


@dataclass(frozen=True)
class Header(Text):
    """A header value: also printable ASCII with no surrounding spaces, and never empty."""

    def check(self, value: Any, name: str) -> str:
        text = super().check(value, name)
        if not text or not (text.isascii() and text.isprintable()) or text != text.strip():
            raise ValueError(f"{name} must be printable ASCII without surrounding spaces (it is sent as a header)")
        return text


@dataclass(frozen=True)
class Integer(_Check):
    """An ``int`` (not a ``bool``; with ``Number``, also a ``float``) within ``minimum``/``maximum``."""

    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any, name: str) -> Any:
        number = isinstance(self, Number)
        if isinstance(value, bool) or not isinstance(value, (int, float) if number else int):
            raise self.wrong_type(name, "a number" if number else "an int", value)
        _range(name, value, self.minimum, self.maximum)
        return value


@dataclass(frozen=True)
class Number(Integer):
    pass


@dataclass(frozen=True)
class Boolean(_Check):
    def check(self, value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            raise self.wrong_type(name, "True or False", value)
        return value


@dataclass(frozen=True)
class Choice(_Check):
    """An enum value, as its ``Enum`` member or any non-empty string: the API, not this package's version, knows
    every value there is, so a newer one is sent as it is and an unknown one gets the API's 422."""

    def check(self, value: Any, name: str) -> str:
        text = value.value if isinstance(value, Enum) else value
        if not isinstance(text, str):
            raise self.wrong_type(name, "a string", value)
        if not text:
            raise ValueError(f"{name} must not be empty")
        return str.__str__(text)


@dataclass(frozen=True)
class Items(_Check):
    """A list (any iterable but a string or mapping) of values that pass ``item``."""

    item: _Check
    min_items: int | None = None
    max_items: int | None = None
    example: list[Any] | None = None

    def check(self, value: Any, name: str) -> list[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise TypeError(
                f"{name} must be a list{f' such as {self.example!r}' if self.example else ''}, got {value!r}"
            )
        items = [self.item(element, f"{name}[{index}]") for index, element in enumerate(value)]
        _range(name, items, self.min_items, self.max_items, " items")
        return items


@dataclass(frozen=True)
class Fields(_Check):
    """An object: a mapping with these keys, or one of the generated ``models`` (by class name)."""

    fields: dict[str, _Check]
    required: tuple[str, ...] = ()
    closed: bool = False
    models: tuple[str, ...] = ()

    def check(self, value: Any, name: str) -> dict[str, Any]:
        if type(value).__name__ in self.models and callable(getattr(value, "to_dict", None)):
            # what the model read from an answer; keys a newer server added are not this request's to send
            value = {key: item for key, item in value.to_dict().items() if key in self.fields}
        elif not isinstance(value, Mapping):
            kinds = " or ".join([*self.models, "a dict"])
            raise TypeError(f"{name} must be {kinds} with the keys {list(self.fields)}, got {value!r}")
        unknown = sorted(set(value) - set(self.fields)) if self.closed else []
        if unknown:
            raise ValueError(f"{name} has unknown keys {unknown}; its keys are {list(self.fields)}")
        missing = [key for key in self.required if key not in value]
        if missing:
            raise ValueError(f"{name} needs the keys {missing}")
        return {k: self.fields[k](v, f"{name}[{k!r}]") if k in self.fields else v for k, v in value.items()}
