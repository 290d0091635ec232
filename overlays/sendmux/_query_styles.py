"""Query values in OpenAPI's styles: arrays joined by a separator (``explode: false``), objects as ``deepObject``.
An exploded array needs nothing here: httpx repeats the key for each item of a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def joined(values: Iterable[Any], separator: str) -> str:
    """``[1, 2]`` -> ``"1,2"`` (form), ``"1 2"`` (spaceDelimited) or ``"1|2"`` (pipeDelimited)."""
    return separator.join(_text(value) for value in values)


def deep_object(name: str, value: Mapping[str, Any]) -> dict[str, str]:
    """``deep_object("created", {"gte": 1})`` -> ``{"created[gte]": "1"}``."""
    return {f"{name}[{key}]": _text(item) for key, item in value.items() if item is not None}
