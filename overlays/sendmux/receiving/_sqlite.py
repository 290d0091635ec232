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
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS sendmux_events (
    event_id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    done INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sendmux_events_expiry ON sendmux_events (expires_at);
CREATE TABLE IF NOT EXISTS sendmux_facts (name TEXT PRIMARY KEY);
COMMIT;
"""
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


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
        if os.fspath(path) == ":memory:":
            raise ValueError(
                "':memory:' is a new, empty database for each connection, and SQLiteStore opens one per call: give "
                "it a file path (every process on the machine shares the claims through that file)"
            )
        self.path = os.fspath(path)
        self.times = StoreTimes(lease, retention, clock)
        self._busy_timeout = busy_timeout
        self._prepare()

    def _prepare(self) -> None:
        """Switch the file to WAL (readers never wait for the writer; the mode is kept in the file) and create the
        table, once, however many processes open a fresh file at the same moment. Changing the journal mode takes
        an exclusive lock that SQLite's busy timeout does not wait for, so a busy answer is retried here, within
        that timeout; the mode is read first, so a file already in WAL is never asked again."""
        deadline, pause = time.monotonic() + self._busy_timeout, 0.005
        while True:
            try:
                with self._connect() as db:
                    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                        db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(_SCHEMA)  # one write transaction: the schema is created once
                return
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", None) not in _BUSY or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)  # another process holds the lock for a moment: a fresh file's first writes
            pause = min(pause * 2, 0.1)

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

    def remember(self, name: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR IGNORE INTO sendmux_facts VALUES (?)", (name,))

    def remembers(self, name: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM sendmux_facts WHERE name = ?", (name,)).fetchone() is not None
