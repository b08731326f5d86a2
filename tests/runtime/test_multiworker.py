"""`walletdesk serve --workers 2` in the embedded mode (SQLite, no Redis): a real server with two
worker processes. Live events cross from the worker that handled a write to sockets held by the
other; background tasks enqueued by either worker run once, in the one elected consumer, and a
new consumer takes over when that worker is killed."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.runtime.processes import (
    command,
    embedded_env,
    free_port,
    mail_files,
    sent_mail,
    wait_for,
    walletdesk,
)
from tests.runtime.queues import private_queue
from walletdesk.core.tasks_runtime import ConsumerLock, EmbeddedTasks

pytestmark = pytest.mark.e2e

WORKERS = 2
READY_SECONDS = 60
TASK_SECONDS = 30
STOP_SECONDS = 20
PASSWORD = "tidal-Worker-Passphrase-7"  # not the customer's name or email (password rules)
SETUP = f"""
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.tickets.services import ticket_create
customer = customer_create(display_name="Multi", email="multi@example.com", password="{PASSWORD}")
console_user_create(username="lead", password="{PASSWORD}", role="supervisor",
                    teams=["frontline"])
ticket = ticket_create(channel="portal", subject="Multi", body="Hello", requester=customer)
print("TICKET", ticket.pk)
"""

_C = TypeVar("_C")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log: Path
    token: str
    ticket_id: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    data_dir = tmp_path / "data"
    env = embedded_env(data_dir)
    walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    ticket_id = int(
        walletdesk("manage", "shell", "-c", SETUP, env=env, cwd=tmp_path).split("TICKET")[1]
    )
    token = walletdesk("create-api-token", "lead", env=env, cwd=tmp_path).split()[-1]
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command("serve", "--port", str(port), "--workers", str(WORKERS)),
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    found = Server(process, port, data_dir, log_path, token, ticket_id)
    try:

        def ready() -> bool:
            assert process.poll() is None, log_path.read_text()
            return log_path.read_text().count("Application startup complete") >= WORKERS

        wait_for(ready, seconds=READY_SECONDS, explain=log_path.read_text)
        yield found
        process.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert process.wait(timeout=STOP_SECONDS) == 0, log_path.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def _server_side_owner(server: Server, client_port: int) -> int | None:
    """The worker process holding the server end of the TCP connection from `client_port`."""
    local, remote = f"0100007F:{server.port:04X}", f"0100007F:{client_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            inode = fields[9]
    if inode is None:
        return None
    for pid in server.workers():
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue
        if f"socket:[{inode}]" in links:
            return pid
    return None


def one_on_each_worker(
    server: Server,
    open_one: Callable[[], _C],
    port_of: Callable[[_C], int],
    close: Callable[[_C], Any],
) -> dict[int, _C]:
    """Open connections until every worker holds one; close the surplus."""
    held: dict[int, _C] = {}
    for _ in range(60):
        connection = open_one()
        owner = None
        for _ in range(20):  # the accept may still be on its way to a worker
            owner = _server_side_owner(server, port_of(connection))
            if owner is not None:
                break
            time.sleep(0.05)
        if owner is None or owner in held:
            close(connection)
        else:
            held[owner] = connection
        if len(held) == WORKERS:
            return held
    for connection in held.values():
        close(connection)
    pytest.fail("the kernel never handed a connection to every worker")


def _console_cookie(server: Server) -> str:
    with httpx.Client(base_url=server.base) as client:
        page = client.get("/console/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match is not None, page.text
        signed_in = client.post(
            "/console/login/",
            data={"username": "lead", "password": PASSWORD, "csrfmiddlewaretoken": match[1]},
        )
        assert signed_in.status_code == 302, signed_in.text
        return f"wd_console={client.cookies['wd_console']}"


def _http(server: Server) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.connect()
    return connection


def _reply(connection: http.client.HTTPConnection, server: Server, body: str) -> None:
    connection.request(
        "POST",
        f"/api/v1/tickets/{server.ticket_id}/messages/",
        body=json.dumps({"body": body, "kind": "reply"}),
        headers={"Authorization": f"Token {server.token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    assert response.status == 201, response.read()
    response.read()


def _message_events(socket: ClientConnection, *, count: int) -> list[dict[str, Any]]:
    """The next `count` message.created events the socket hears (other kinds are skipped)."""
    received = []
    deadline = time.monotonic() + TASK_SECONDS
    while len(received) < count:
        frame = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        if frame.get("kind") == "message.created":
            received.append(frame)
    return received


def _mails(server: Server) -> int:
    return len(mail_files(server.data_dir))


def test_events_cross_workers_and_tasks_run_once(server: Server) -> None:
    assert server.log.read_text().count("embedded task consumer started") == 1
    assert server.log.read_text().count("embedded task consumer standing by") == WORKERS - 1

    cookie = _console_cookie(server)
    with contextlib.ExitStack() as opened:
        sockets = one_on_each_worker(
            server,
            lambda: opened.enter_context(
                connect(
                    f"ws://127.0.0.1:{server.port}/ws/console/",
                    origin=server.base,
                    additional_headers={"Cookie": cookie},
                )
            ),
            lambda ws: ws.socket.getsockname()[1],
            lambda ws: ws.close(),
        )
        requests = one_on_each_worker(
            server,
            lambda: opened.enter_context(contextlib.closing(_http(server))),
            lambda c: c.sock.getsockname()[1],
            lambda c: c.close(),
        )
        # A reply handled by each worker in turn: every socket, on either worker, hears both.
        for n, connection in enumerate(requests.values()):
            _reply(connection, server, f"Reply number {n} from a worker.")
        for socket in sockets.values():
            events = _message_events(socket, count=WORKERS)
            assert [event["ticket"] for event in events] == [server.ticket_id] * WORKERS

        # Each reply queued one notification; the one consumer sent each exactly once.
        wait_for(
            lambda: _mails(server) >= WORKERS, seconds=TASK_SECONDS, explain=server.log.read_text
        )
        time.sleep(2)  # a second consumer, if there were one, would have sent its copy by now
        mail = sent_mail(server.data_dir)
        assert _mails(server) == WORKERS
        for n in range(WORKERS):
            assert mail.count(f"Reply number {n} from a worker.") == 1


def _lock_holder(server: Server) -> int:
    """The pid holding the consumer's flock, from the kernel's table of locks."""
    inode = (server.data_dir / "tasks.consumer.lock").stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if fields[1] == "FLOCK" and fields[5].endswith(f":{inode}"):
            return int(fields[4])
    raise AssertionError("nobody holds the consumer lock")


def test_another_worker_takes_over_the_tasks_when_the_consumer_dies(server: Server) -> None:
    leader = _lock_holder(server)
    assert leader in server.workers()
    os.kill(leader, signal.SIGKILL)

    def new_leader() -> bool:
        try:
            return _lock_holder(server) not in (leader,)
        except AssertionError:
            return False

    wait_for(new_leader, seconds=TASK_SECONDS, explain=server.log.read_text)
    assert _lock_holder(server) in server.workers()
    connection = _http(server)
    try:
        _reply(connection, server, "Sent after the consumer was killed.")
    finally:
        connection.close()
    wait_for(lambda: _mails(server) == 1, seconds=TASK_SECONDS, explain=server.log.read_text)
    assert "Sent after the consumer was killed." in sent_mail(server.data_dir)


def test_one_of_two_candidates_consumes_and_the_other_takes_over(tmp_path: Path) -> None:
    queue = private_queue(tmp_path)
    lock_path = tmp_path / "tasks.consumer.lock"
    first = EmbeddedTasks(queue, workers=1, lock=ConsumerLock(lock_path))
    second = EmbeddedTasks(queue, workers=1, lock=ConsumerLock(lock_path))
    try:
        first.start()
        second.start()
        assert first.running
        assert not second.running  # standing by: the lock is taken
        first.stop()
        wait_for(lambda: second.running, seconds=TASK_SECONDS, explain=lambda: "no take-over")
        assert second.lock is not None
        assert second.lock.held
    finally:
        first.stop()
        second.stop()
        queue.flush()
    assert not second.running
    assert second.lock is not None
    assert not second.lock.held
