"""Opaque cursor pagination over newest-first lists, with cursors the emulator can recognise as its own."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["CursorCodec", "ListingPage", "paginate"]

T = TypeVar("T")


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    items: list[T]
    next_cursor: str | None

    def pagination(self) -> dict[str, object]:
        """The envelope's ``pagination`` object; ``next_cursor`` is left out on the last page."""
        if self.next_cursor is None:
            return {"has_more": False}
        return {"has_more": True, "next_cursor": self.next_cursor}


class CursorCodec:
    """Cursors carry the position of the last row seen, under a MAC of that position and the list it came from.

    The list (``listing``) names the team as well as the route, so another team's cursor, another list's
    cursor and a forged one all fail the MAC. Only the position is in the cursor's text: team names may be
    API keys (a key without ``=TEAM`` is its own team), and a cursor must not carry one.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)

    def encode(self, listing: str, position: int) -> str:
        raw = str(position).encode()
        return "c_" + base64.urlsafe_b64encode(raw + b"|" + self._mac(listing, raw)).decode().rstrip("=")

    def decode(self, listing: str, cursor: str) -> int | None:
        """The position, or None when the cursor is not one this emulator made for this list."""
        if not cursor.startswith("c_"):
            return None
        text = cursor[2:]
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except ValueError:
            return None
        position, sep, mac = raw.partition(b"|")
        if not sep or not hmac.compare_digest(mac, self._mac(listing, position)):
            return None
        return int(position)

    def _mac(self, listing: str, raw: bytes) -> bytes:
        return hmac.new(self._key, listing.encode() + b"\0" + raw, hashlib.sha256).hexdigest()[:16].encode()


def paginate(
    newest_first: Sequence[T],
    position_of: Callable[[T], int],
    *,
    after: int | None,
    limit: int,
    codec: CursorCodec,
    listing: str,
) -> ListingPage[T]:
    """One page of rows older than ``after`` (positions grow with age order reversed: newer is larger)."""
    rows = [row for row in newest_first if after is None or position_of(row) < after]
    items = rows[:limit]
    if len(rows) > limit:
        return ListingPage(items, codec.encode(listing, position_of(items[-1])))
    return ListingPage(items, None)
