"""The marker for "argument not given", distinct from ``None`` (which can be a real value, e.g. ``name=None``)."""

from __future__ import annotations

from typing import Final, final


@final
class Omit:
    """Type of :data:`OMIT`; a keyword left at ``OMIT`` is not sent at all."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False


OMIT: Final = Omit()
