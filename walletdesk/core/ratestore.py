"""The embedded mode's rate-limit store: a moving window in a SQLite file in the data directory.

`walletdesk serve` runs one server process per CPU in the embedded mode too, and a counter in
each process's memory would give an attacker that many times the allowance (two workers, twice
the guesses). The `limits` library has no store several processes on one machine can share
without a server (its choices are memory, Redis, Memcached, MongoDB, etcd), so this one keeps
the same moving window in a file every worker opens: one row per counted attempt, an attempt
refused while locked is not counted, and each check forgets the rows older than the window.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from walletdesk.core.ratelimit import Limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hits (name TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_window ON hits (name, key, at);
"""
# Rows older than this are gone whatever their window: no limit here counts past a day.
_FORGET_AFTER_SECONDS = 24 * 3600
_SWEEP_EVERY_HITS = 1000
_PREPARE_SECONDS = 5


def _prepare(connection: sqlite3.Connection) -> None:
    """Switch the file to WAL and create the table, however many workers open it at once.

    Two processes opening a new file together can get "database is locked" straight away:
    SQLite does not wait on its busy timeout while another connection is changing the journal
    mode. So the preparation is retried for as long as the busy timeout would have waited.
    """
    deadline = time.monotonic() + _PREPARE_SECONDS
    pause = 0.005
    while True:
        try:
            (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
            if str(mode).lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


class SqliteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._hits = 0
        self._now = time.time

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            fresh = not self.path.exists()
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            if fresh:
                os.chmod(self.path, 0o600)
            connection.execute("PRAGMA synchronous=NORMAL")
            _prepare(connection)
            self._local.connection = connection
        return connection

    def hit(self, limit: Limit, key: str) -> bool:
        now = self._now()
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "DELETE FROM hits WHERE name = ? AND key = ? AND at <= ?",
                (limit.name, key, now - limit.window_seconds),
            )
            (count,) = db.execute(
                "SELECT count(*) FROM hits WHERE name = ? AND key = ?", (limit.name, key)
            ).fetchone()
            allowed = bool(count < limit.max_hits)
            if allowed:
                db.execute("INSERT INTO hits VALUES (?, ?, ?)", (limit.name, key, now))
            self._hits += 1
            if self._hits % _SWEEP_EVERY_HITS == 0:
                db.execute("DELETE FROM hits WHERE at <= ?", (now - _FORGET_AFTER_SECONDS,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return allowed

    def reset(self, limit: Limit, key: str) -> None:
        self._connection().execute("DELETE FROM hits WHERE name = ? AND key = ?", (limit.name, key))
