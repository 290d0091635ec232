"""Building generated attrs models from parsed JSON, checking each value's JSON type against the annotation.

Unlike the generated ``from_dict`` (which casts, and copies every object), this reads a model's annotations
once, then costs a few C-level passes over its keys, a call per value to convert, and its ``__init__``."""

from __future__ import annotations

import datetime
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, TypeVar

import attrs

from sendmux_client import models

__all__ = ["decoder", "json_type"]

Model = TypeVar("Model", bound=attrs.AttrsInstance)
_JSON_NAMES = {type(None): "null", bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
_JSON_TYPES = frozenset({*_JSON_NAMES, dict})


@attrs.define
class _Plan:
    cls: type[attrs.AttrsInstance]
    keys: tuple[str, ...]  # each init field's JSON key, in __init__ order
    get: Callable[[dict[str, Any]], Iterable[Any]]  # the values of those keys, KeyError if one is missing
    allowed: tuple[frozenset[type], ...]  # the exact types each value may have
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, converter) for non-null values
    defaults: tuple[Any, ...]  # attrs.NOTHING where the key is required
    expected: tuple[str, ...]  # what each annotation allows, in words
    path: str  # where this model sits in the document, for messages
    # Every combination of value types already found to fit: checking one again is a set lookup.
    fits: set[tuple[type, ...]] = attrs.field(factory=set)


def decoder(cls: type[Model]) -> Callable[[dict[str, Any]], Model]:
    """Build ``cls`` from a JSON object, unknown keys kept in ``additional_properties``; ``ValueError`` or
    ``TypeError`` names the first key that is missing or does not fit."""
    return functools.partial(_decode, _plan(cls, ""))  # type: ignore[return-value]


def json_type(value: object) -> str:
    return _JSON_NAMES.get(type(value), "object" if type(value) is dict else type(value).__name__)


def _decode(plan: _Plan, raw: dict[str, Any]) -> attrs.AttrsInstance:
    try:
        values = list(plan.get(raw))
    except KeyError:
        values = [raw.get(key, default) for key, default in zip(plan.keys, plan.defaults, strict=True)]
        if attrs.NOTHING in values:
            raise ValueError(f"missing key {plan.keys[values.index(attrs.NOTHING)]!r}") from None
    kinds = tuple(map(type, values))
    if kinds not in plan.fits:
        for index, value in enumerate(values):
            if type(value) not in plan.allowed[index]:
                raise TypeError(f"{plan.path}{plan.keys[index]} must be {plan.expected[index]}, got {json_type(value)}")
        if len(plan.fits) < 1024:
            plan.fits.add(kinds)
    for index, convert in plan.converters:
        if values[index] is not None:
            values[index] = convert(values[index])
    model = plan.cls(*values)
    if len(raw) > len(values):
        model.additional_properties = {k: v for k, v in raw.items() if k not in plan.keys}  # type: ignore[attr-defined]
    return model


@functools.cache
def _plan(cls: type[attrs.AttrsInstance], path: str) -> _Plan:
    hints = typing.get_type_hints(cls, localns=vars(models))
    fields = [field for field in attrs.fields(cls) if field.init]  # not additional_properties
    keys, allowed, converters, expected = [], [], [], []
    for index, field in enumerate(fields):
        key = field.name.removesuffix("_")  # the generator renames keys such as "type"
        hint = hints[field.name]
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        members = typing.get_args(hint) if union else (hint,)
        types_: set[type] = set()
        for member in members:
            origin = typing.get_origin(member) or member
            convert = _converter(member, origin, f"{path}{key}")
            if convert is not None:
                converters.append((index, convert))
            if origin is Any or not isinstance(origin, type) or issubclass(origin, datetime.date):
                types_ |= _JSON_TYPES  # unchecked, or checked by its converter (fromisoformat names the problem)
            else:
                types_.update((dict,) if attrs.has(origin) else (float, int) if origin is float else (origin,))
        keys.append(key)
        allowed.append(frozenset(types_))
        expected.append("an object" if attrs.has(hint) else " | ".join(map(_name, members)))
    defaults = tuple(field.default for field in fields)  # attrs.NOTHING where the key is required
    get = operator.itemgetter(*keys) if len(keys) > 1 else lambda raw: [raw[key] for key in keys]
    return _Plan(cls, tuple(keys), get, tuple(allowed), tuple(converters), defaults, tuple(expected), path)


def _converter(member: Any, origin: Any, path: str) -> Callable[[Any], Any] | None:
    if origin is list:
        (item,) = typing.get_args(member)  # a type (a list of models or unions would need converting too)
        return functools.partial(_items, item, path) if isinstance(item, type) else None
    if isinstance(origin, type) and issubclass(origin, datetime.date):
        return origin.fromisoformat
    if isinstance(origin, type) and issubclass(origin, enum.Enum):
        return _Members((item.value, item) for item in origin).__getitem__
    if attrs.has(origin):
        return functools.partial(_decode, _plan(origin, f"{path}."))
    return None


class _Members(dict[object, object]):
    """An enum's members by value; a value this package does not know stays as it is."""

    def __missing__(self, value: object) -> object:
        return value


def _name(member: Any) -> str:
    if typing.get_origin(member) is list:
        return f"list[{_name(typing.get_args(member)[0])}]"
    return (
        "null" if member is type(None) else "object" if attrs.has(member) else getattr(member, "__name__", str(member))
    )


def _items(item: type, path: str, values: list[Any]) -> list[Any]:
    try:  # str.join type-checks every item in C, several times faster than isinstance() item by item
        fits = "".join(values) is not None if item is str else all(map(isinstance, values, repeat(item)))
    except TypeError:
        fits = False
    if not fits:
        index = next(i for i, value in enumerate(values) if not isinstance(value, item))
        raise TypeError(f"{path}[{index}] must be {_name(item)}, got {json_type(values[index])}")
    return values
