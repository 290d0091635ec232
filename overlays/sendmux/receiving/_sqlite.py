"""The SQLite processing store: the default for one machine, shared by every process on it through one file."""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager

from ._once import LEASE, RETENTION, Claim, StoreTimes

__all__ = ["SQLiteStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sendmux_events (
    event_id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    done INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sendmux_events_expiry ON sendmux_events (expires_at);
"""


class SQLiteStore:
    """Claims in a table of the SQLite file at ``path`` (created if missing). Each call opens its own connection,
    so one store serves any number of threads, and forked or separate processes given the same path; SQLite's
    locks make each claim atomic among them. The file must be on a local disk (not NFS), as SQLite requires."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lease: float = LEASE,
        retention: float = RETENTION,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 30.0,
    ) -> None:
        if not isinstance(path, str | os.PathLike) or not os.fspath(path):
            raise ValueError(f"path must name an SQLite file, not {path!r}")
        self.path = os.fspath(path)
        self.times = StoreTimes(lease, retention, clock)
        self._busy_timeout = busy_timeout
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer; kept in the file
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)) as db:
            yield db

    def claim(self, event_id: str) -> Claim:
        now, token = self.times.clock(), secrets.token_hex(16)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # the write lock first, so no other claim interleaves
            try:
                row = db.execute(
                    "SELECT done FROM sendmux_events WHERE event_id = ? AND expires_at > ?", (event_id, now)
                ).fetchone()
                if row is None:
                    db.execute(
                        "INSERT OR REPLACE INTO sendmux_events VALUES (?, ?, 0, ?)",
                        (event_id, token, now + self.times.lease),
                    )
                    db.execute("DELETE FROM sendmux_events WHERE expires_at <= ?", (now,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if row is None:
            return Claim("claimed", token)
        return Claim("done" if row[0] else "busy")

    def complete(self, event_id: str, token: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE sendmux_events SET done = 1, expires_at = ? WHERE event_id = ? AND token = ?",
                (self.times.clock() + self.times.retention, event_id, token),
            )

    def release(self, event_id: str, token: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM sendmux_events WHERE event_id = ? AND token = ? AND done = 0", (event_id, token))
