"""`walletdesk worker`: a consumer process of its own, here on the embedded SQLite queue."""

from __future__ import annotations

import signal
import subprocess

import pytest

from tests.runtime.processes import (
    MAKE_A_REPLY,
    command,
    embedded_env,
    outbox_has_mail,
    sent_mail,
    wait_for,
    walletdesk,
)

pytestmark = pytest.mark.e2e


def test_worker_consumes_tasks_queued_by_another_process(tmp_path):
    data_dir = tmp_path / "data"
    env = embedded_env(data_dir)
    walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    walletdesk("manage", "shell", "-c", MAKE_A_REPLY, env=env, cwd=tmp_path)
    assert not outbox_has_mail(data_dir)  # queued, not sent: nothing consumes it yet

    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command("worker"), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for(lambda: outbox_has_mail(data_dir), seconds=30, explain=log_path.read_text)
        assert "e2e@example.com" in sent_mail(data_dir)
        assert str(data_dir / "tasks.sqlite3") in log_path.read_text()  # says what it consumes
        process.send_signal(signal.SIGINT)  # graceful: finish the task at hand, then exit
        assert process.wait(timeout=20) == 0, log_path.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=20)
