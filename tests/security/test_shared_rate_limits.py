"""The embedded mode serves from one process per CPU: its rate limits must count across all of
them, or every extra worker would be another allowance of guesses."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from walletdesk.core import ratelimit
from walletdesk.core.ratelimit import FailSafeStore, Limit, RateLimited, store_for
from walletdesk.core.ratestore import SqliteStore

GUESSES = Limit("test-guesses", max_hits=10, window_seconds=600)


def _guess(path: str, attempts: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = SqliteStore(Path(path))
    allowed = sum(store.hit(GUESSES, "account-1") for _ in range(attempts))
    results.put(allowed)


def test_two_processes_sharing_the_file_get_one_allowance_between_them(tmp_path: Path):
    path = str(tmp_path / "ratelimits.sqlite3")
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    workers = [spawn.Process(target=_guess, args=(path, 8, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    allowed = [results.get(timeout=5) for _ in workers]
    assert sum(allowed) == GUESSES.max_hits  # 16 guesses, 10 allowed in all
    assert (tmp_path / "ratelimits.sqlite3").stat().st_mode & 0o077 == 0


def test_the_window_moves_and_a_refused_attempt_does_not_extend_it(tmp_path: Path):
    store = SqliteStore(tmp_path / "limits.sqlite3")
    now = [1000.0]
    store._now = lambda: now[0]  # an injected clock: no sleeping
    quick = Limit("test-quick", max_hits=2, window_seconds=60)
    assert [store.hit(quick, "k") for _ in range(3)] == [True, True, False]
    now[0] += 30
    assert not store.hit(quick, "k")  # refused, and not counted
    now[0] += 31  # 61 s after the first two: both have left the window
    assert store.hit(quick, "k")
    store.reset(quick, "k")
    assert [store.hit(quick, "k") for _ in range(2)] == [True, True]


def test_the_embedded_mode_uses_the_shared_file_and_sign_in_is_limited_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    store = store_for("", tmp_path)
    assert isinstance(store, FailSafeStore)
    assert isinstance(store.primary, SqliteStore)
    ratelimit.install(store)
    try:
        for _ in range(GUESSES.max_hits):
            GUESSES.hit("someone")
        with pytest.raises(RateLimited):
            GUESSES.hit("someone")
    finally:
        ratelimit.install(None)


def test_an_unusable_file_fails_safe_to_memory(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    store = store_for("", tmp_path / "missing-folder")
    assert store.hit(GUESSES, "k")  # answered from memory, not an exception
    assert "rate-limit store unreachable" in caplog.text
