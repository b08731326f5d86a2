"""`walletdesk serve` as an operator runs it: a real process, embedded mode (SQLite, in-process
tasks and realtime) in a fresh data directory, with no DATABASE_URL or REDIS_URL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

pytestmark = pytest.mark.e2e

READY_SECONDS = 60
TASK_SECONDS = 30
STOP_SECONDS = 20

# Runs in a separate `walletdesk manage shell` process, which has no task consumer: the agent's
# reply queues the customer's email notification, and only the server process can send it.
MAKE_A_REPLY = """
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.tickets.services import Author, message_add, ticket_create
secret = "e2e-Passphrase-91"
customer = customer_create(display_name="E2E", email="e2e@example.com", password=secret)
agent = console_user_create(username="e2e-agent", password=secret, role="agent",
                            teams=["frontline"])
ticket = ticket_create(channel="portal", subject="E2E", body="Hello", requester=customer)
message_add(ticket=ticket, body="We are looking into it.", author=Author(user=agent))
print("ticket", ticket.reference)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _embedded_env(data_dir: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        # Everything the test settings put there (data dir, inline tasks, secret) goes too.
        if not name.startswith("WALLETDESK_")
        and name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["WALLETDESK_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _walletdesk(*args: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "walletdesk", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback http
        return response.status, response.url


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path, dict[str, str]]]:
    data_dir = tmp_path / "data"
    env = _embedded_env(data_dir)
    _walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if _get(base + "/console/login/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no answer in time:\n" + log_path.read_text()
            time.sleep(0.25)
        yield base, data_dir, log_path, env
        process.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert process.wait(timeout=STOP_SECONDS) == 0, log_path.read_text()
        assert "embedded task consumer stopped" in log_path.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def test_serve_answers_runs_tasks_and_websockets_in_one_process(server, tmp_path):
    base, data_dir, log_path, env = server
    assert "embedded task consumer started" in log_path.read_text()

    assert _get(base + "/")[0] == 200
    status, final_url = _get(base + "/console/")  # signed out: redirected to the login page
    assert status == 200
    assert "/console/login/" in final_url
    assert _get(base + "/static/web/app.css")[0] == 200  # WhiteNoise, no collectstatic

    # The websocket route is live: an anonymous console socket is told to sign in.
    with (
        pytest.raises(ConnectionClosed) as closed,
        connect(f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/ws/console/", origin=base) as ws,
    ):
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401

    reference = _walletdesk("manage", "shell", "-c", MAKE_A_REPLY, env=env, cwd=tmp_path)
    reference = reference.strip().rsplit(" ", 1)[-1]
    outbox = data_dir / "outbox"
    deadline = time.monotonic() + TASK_SECONDS
    while not (outbox.exists() and any(outbox.iterdir())):
        assert time.monotonic() < deadline, "no email was sent:\n" + log_path.read_text()
        time.sleep(0.25)
    sent = "".join(path.read_text(errors="replace") for path in outbox.iterdir())
    assert "e2e@example.com" in sent
    assert reference.startswith("WD-")
