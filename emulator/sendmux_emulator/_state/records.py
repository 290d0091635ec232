"""The records of every resource the spec describes (`_api.rest` serves them), by team and collection."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Record", "RecordStore"]


@dataclass
class Record:
    """One stored resource: its JSON as the API shows it, and what its sub-paths were last sent."""

    data: dict[str, Any]
    position: int
    revision: int = 1
    parts: dict[str, Any] = field(default_factory=dict)  # sub-path ("/filters") -> the body last PUT there

    @property
    def etag(self) -> str:
        digest = hashlib.sha256(f"{self.data.get('id')}:{self.revision}".encode()).hexdigest()[:16]
        return f'W/"{digest}"'


class RecordStore:
    """Records by team and by collection (its path with the parent's id filled in: ``/mailboxes/mbx_1/keys``)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], dict[str, Record]] = {}
        self._positions = itertools.count(1)

    def add(self, team: str, collection: str, record_id: str, data: dict[str, Any]) -> Record:
        record = Record(data, next(self._positions))
        self._rows.setdefault((team, collection), {})[record_id] = record
        return record

    def get(self, team: str, collection: str, record_id: str) -> Record | None:
        return self._rows.get((team, collection), {}).get(record_id)

    def remove(self, team: str, collection: str, record_id: str) -> None:
        self._rows.get((team, collection), {}).pop(record_id, None)

    def newest_first(self, team: str, collection: str) -> list[Record]:
        return sorted(self._rows.get((team, collection), {}).values(), key=lambda r: r.position, reverse=True)
