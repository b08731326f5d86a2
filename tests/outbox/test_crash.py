"""A notification interrupted by killing the worker process is sent exactly once after restart.

A real `walletdesk worker` on the embedded SQLite queue picks up the delivery task of an agent's
reply. Its transport (tests/outbox/blocking.py, chosen by an environment variable only this test
sets) writes the email to the fake outbox, then blocks — the send happened, the row does not know
it yet. The worker is killed with SIGKILL; Huey had already taken the task off its queue, so the
task is gone. A fresh worker finds the row still claimed, takes it over when the claim expires,
and sends it again: the fake outbox still holds exactly one copy, and the row says sent.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.outbox.blocking import MARKER
from tests.runtime.processes import (
    MAKE_A_REPLY,
    command,
    embedded_env,
    mail_files,
    wait_for,
    walletdesk,
)

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 3
WAIT_SECONDS = 60


def _outbound(data_dir: Path) -> tuple[str, int] | None:
    with sqlite3.connect(data_dir / "walletdesk.sqlite3", timeout=20) as db:
        found = db.execute("SELECT state, attempts FROM outbox_outboundmessage").fetchall()
    assert len(found) <= 1
    return (found[0][0], found[0][1]) if found else None


def _start_worker(env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("w") as stream:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command("worker"), env=env, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=20)


def test_a_notification_interrupted_by_kill_9_is_sent_exactly_once_after_restart(tmp_path):
    data_dir = tmp_path / "data"
    env = embedded_env(data_dir)
    env["WALLETDESK_OUTBOX_LEASE_SECONDS"] = str(LEASE_SECONDS)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    walletdesk("manage", "shell", "-c", MAKE_A_REPLY, env=env, cwd=tmp_path)
    assert _outbound(data_dir) == ("queued", 0)

    blocking = {
        **env,
        "WALLETDESK_OUTBOX_TRANSPORTS": "email=tests.outbox.blocking.BlockingEmailTransport",
    }
    first_log = tmp_path / "first-worker.log"
    first = _start_worker(blocking, tmp_path, first_log)
    try:
        marker = data_dir / "outbox" / MARKER
        wait_for(marker.exists, seconds=WAIT_SECONDS, explain=first_log.read_text)
        assert len(mail_files(data_dir)) == 1  # it went out ...
        first.send_signal(signal.SIGKILL)  # ... and the worker dies before recording it
        assert first.wait(timeout=20) == -signal.SIGKILL
    finally:
        _stop(first)
    assert _outbound(data_dir) == ("sending", 1)

    second_log = tmp_path / "second-worker.log"
    second = _start_worker(env, tmp_path, second_log)
    try:
        wait_for(
            lambda: _outbound(data_dir) == ("sent", 2),
            seconds=WAIT_SECONDS,
            explain=lambda: f"{_outbound(data_dir)}\n{second_log.read_text()}",
        )
        second.send_signal(signal.SIGINT)
        assert second.wait(timeout=20) == 0, second_log.read_text()
    finally:
        _stop(second)
    sent = mail_files(data_dir)
    assert len(sent) == 1  # exactly one copy
    assert "e2e@example.com" in sent[0].read_text()
