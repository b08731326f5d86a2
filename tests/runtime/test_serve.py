"""`walletdesk serve` as an operator runs it: a real process, embedded mode (SQLite, in-process
tasks and realtime) in a fresh data directory, with no DATABASE_URL or REDIS_URL."""

from __future__ import annotations

import signal
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.runtime.processes import (
    MAKE_A_REPLY,
    command,
    embedded_env,
    free_port,
    outbox_has_mail,
    sent_mail,
    wait_for,
    walletdesk,
)

pytestmark = pytest.mark.e2e

READY_SECONDS = 60
TASK_SECONDS = 30
STOP_SECONDS = 20


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback http
        return response.status, response.url


def _answers(url: str) -> bool:
    try:
        return _get(url)[0] == 200
    except OSError:
        return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path, Path, dict[str, str]]]:
    data_dir = tmp_path / "data"
    env = embedded_env(data_dir)
    walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command("serve", "--port", str(port)),
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:

        def ready() -> bool:
            assert process.poll() is None, log_path.read_text()
            return _answers(f"http://127.0.0.1:{port}/console/login/")

        wait_for(ready, seconds=READY_SECONDS, explain=log_path.read_text)
        yield port, data_dir, log_path, env
        process.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert process.wait(timeout=STOP_SECONDS) == 0, log_path.read_text()
        assert "embedded task consumer stopped" in log_path.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def test_serve_answers_runs_tasks_and_websockets_in_one_process(server, tmp_path):
    port, data_dir, log_path, env = server
    base = f"http://127.0.0.1:{port}"
    assert "embedded task consumer started" in log_path.read_text()

    assert _get(base + "/")[0] == 200
    status, final_url = _get(base + "/console/")  # signed out: redirected to the login page
    assert status == 200
    assert "/console/login/" in final_url
    assert _get(base + "/static/web/app.css")[0] == 200  # WhiteNoise, no collectstatic

    # The websocket route is live: an anonymous console socket is told to sign in.
    with (
        pytest.raises(ConnectionClosed) as closed,
        connect(f"ws://127.0.0.1:{port}/ws/console/", origin=base) as ws,
    ):
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401

    # A task queued by another process runs here, in the server's embedded consumer.
    walletdesk("manage", "shell", "-c", MAKE_A_REPLY, env=env, cwd=tmp_path)
    wait_for(lambda: outbox_has_mail(data_dir), seconds=TASK_SECONDS, explain=log_path.read_text)
    assert "e2e@example.com" in sent_mail(data_dir)
