"""SQLite writers queue on `<database>.writers` for exactly as long as their transaction runs."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from walletdesk.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def _free(path: str) -> bool:
    """Whether another open file (a thread or process of its own) could take the lock now."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[DatabaseWrapper]:
    """A file database of its own, as `walletdesk serve` has (the test database is in memory)."""
    options = settings.DATABASES["default"]
    wrapper = DatabaseWrapper(
        {**options, "NAME": str(tmp_path / "walletdesk.sqlite3")}, alias="writers-test"
    )
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE t (n INTEGER)")
        yield wrapper
        wrapper.close()


def test_the_configured_backend_is_this_one() -> None:
    assert settings.DATABASES["default"]["ENGINE"] == "walletdesk.core.sqlite"


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
def test_a_write_transaction_holds_the_writers_lock_until_it_ends(
    database: DatabaseWrapper, ending: str
) -> None:
    path = database.writers_lock_path()
    assert path is not None
    database._start_transaction_under_autocommit()
    with database.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    assert not _free(path)

    getattr(database, ending)()

    assert _free(path)


def test_statements_outside_a_transaction_leave_the_lock_alone(database: DatabaseWrapper) -> None:
    path = database.writers_lock_path()
    assert path is not None
    with database.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")
        assert _free(path)
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_an_in_memory_database_has_no_lock_file() -> None:
    assert connection.writers_lock_path() is None
