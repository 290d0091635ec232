"""Secrets a model holds stay out of ``repr()`` and ``str()`` (and so out of logs); the attribute still has them."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["redact"]


def _shown(value: object) -> str:
    if not isinstance(value, str):
        return repr(value)
    prefix = value.partition("_")[0] + "_" if "_" in value[:16] else ""
    return repr(f"{prefix}…(redacted)")


def redact(cls: type[Any], fields: list[str]) -> None:
    """Give the attrs class ``cls`` a ``__repr__`` (which ``str()`` uses too) that hides ``fields``' values."""
    names = [field.name for field in attrs.fields(cls)]

    def __repr__(self: Any) -> str:
        shown = (f"{n}={_shown(getattr(self, n)) if n in fields else repr(getattr(self, n))}" for n in names)
        return f"{type(self).__name__}({', '.join(shown)})"

    setattr(cls, "__repr__", __repr__)  # noqa: B010 (a class attribute, set on a generated class)
