"""The embedded mode's task queue: Huey's SQLite storage, without a disk flush per task.

Huey's `SqliteStorage` keeps SQLite's default `synchronous=FULL`: every enqueue and every
dequeue waits for the disk (about 4 ms here), holding the queue file's write lock meanwhile, so
with a few clients replying at once their requests queue up behind each other's flushes — the
enqueue runs in the request, on commit. A task in this queue is only a trigger ("look at outbox
row 42 now"); the row is the record, and `outbound_sweep` finds every due row each minute. So
the queue runs like the main SQLite database: WAL with `synchronous=NORMAL`, which stays
consistent through any crash and may forget the last triggers only when the machine itself
loses power.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from huey.api import SqliteHuey as _SqliteHuey
from huey.storage import SqliteStorage as _SqliteStorage


class SqliteStorage(_SqliteStorage):  # type: ignore[misc]  # huey is untyped
    def _create_connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection = super()._create_connection()
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection


class SqliteHuey(_SqliteHuey):  # type: ignore[misc]  # huey is untyped
    storage_class: Any = SqliteStorage
