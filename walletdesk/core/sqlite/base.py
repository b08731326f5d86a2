"""Django's SQLite backend, with writers that queue for the write lock instead of polling for it.

SQLite lets one transaction write at a time, and a writer that finds the lock taken sleeps and
looks again — after 1, 2, 5, 10, 15, 20, 25 … ms — so when four clients write at once, a
transaction that needed 3 ms often waits 8 ms or more for one the lock was free for long before.
Here every write transaction (`BEGIN IMMEDIATE`, each outermost `atomic()`) first takes an
exclusive `flock` on `<database>.writers`, which the kernel hands to the next waiter the moment
it is released (at COMMIT, ROLLBACK or close), across threads and the server's processes alike.
Single statements outside a transaction still take SQLite's lock directly; readers never wait
(WAL). An in-memory database (the test runner's) has one process and no file to lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writers_fd: int | None = None
        self._writing = False

    def writers_lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writers"

    def _queue_for_writing(self) -> None:
        path = self.writers_lock_path()
        if path is None or self._writing:
            return
        if self._writers_fd is None:
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._writers_fd, fcntl.LOCK_EX)  # waits in the kernel, GIL released
        self._writing = True

    def _done_writing(self) -> None:
        if self._writing and self._writers_fd is not None:
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)
        self._writing = False

    def _start_transaction_under_autocommit(self) -> None:
        self._queue_for_writing()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # not in the stubs
        except BaseException:
            self._done_writing()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]  # not in the stubs
        finally:
            self._done_writing()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]  # not in the stubs
        finally:
            self._done_writing()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]  # not in the stubs
        finally:
            self._done_writing()
            if self._writers_fd is not None:
                with contextlib.suppress(OSError):
                    os.close(self._writers_fd)
                self._writers_fd = None
