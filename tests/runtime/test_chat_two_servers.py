"""Live chat across two `walletdesk serve` processes sharing one Redis (a private
`redis-server` this test starts) and one database: the customer's socket on one, the agent's on
the other; messages and typing go both ways, each message once, in order."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.realtime.chat_redis import PrivateRedis, private_redis  # noqa: F401 - the fixture
from tests.runtime.processes import command, embedded_env, free_port, wait_for, walletdesk

pytestmark = pytest.mark.e2e

READY_SECONDS = 60
RECEIVE_SECONDS = 15
PASSWORD = "tidal-Chat-Passphrase-3"
SETUP = f"""
from walletdesk.chat.services import conversation_start, presence_set, queue_join
from walletdesk.identity.services import console_user_create
agent = console_user_create(username="chat-agent", password="{PASSWORD}", role="agent",
                            teams=["frontline"])
presence_set(user=agent, status="online", capacity=3, languages=["zh-hans", "en"])
started = conversation_start(origin="embed", language="zh-hans", visitor_name="韩梅梅",
                             visitor_contact="meimei@example.com")
queue_join(conversation=started.conversation)
started.conversation.refresh_from_db()
print("CHAT", started.conversation.key, started.token, started.conversation.last_seq,
      started.conversation.state)
"""


@dataclass
class Servers:
    ports: tuple[int, int]
    key: str
    token: str
    last_seq: int


@pytest.fixture
def servers(tmp_path: Path, private_redis: PrivateRedis) -> Iterator[Servers]:  # noqa: F811
    env = embedded_env(tmp_path / "data")
    env.update(
        REDIS_URL=private_redis.url,
        WALLETDESK_TASKS_IMMEDIATE="1",  # no `walletdesk worker` in this test
        WALLETDESK_CHAT_HOURS="",  # the queue is open whenever the test runs
    )
    walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
    out = walletdesk("manage", "shell", "-c", SETUP, env=env, cwd=tmp_path)
    key, token, last, state = out.split("CHAT", 1)[1].split()[:4]
    assert state == "active", out
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    ports = (free_port(), free_port())
    try:
        for n, port in enumerate(ports):
            log = tmp_path / f"serve-{n}.log"
            logs.append(log)
            with log.open("w") as out_file:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and module
                        command("serve", "--port", str(port), "--workers", "1"),
                        env=env,
                        cwd=tmp_path,
                        stdout=out_file,
                        stderr=subprocess.STDOUT,
                    )
                )
        for process, log in zip(processes, logs, strict=True):

            def ready(process: Any = process, log: Path = log) -> bool:
                assert process.poll() is None, log.read_text()
                return "Uvicorn running on" in log.read_text()

            wait_for(ready, seconds=READY_SECONDS, explain=log.read_text)
        yield Servers(ports, key, token, int(last))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def console_cookie(port: int) -> str:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        page = client.get("/console/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match is not None, page.text
        signed_in = client.post(
            "/console/login/",
            data={"username": "chat-agent", "password": PASSWORD, "csrfmiddlewaretoken": match[1]},
        )
        assert signed_in.status_code == 302, signed_in.text
        return f"wd_console={client.cookies['wd_console']}"


def until(socket: ClientConnection, wanted: Any) -> list[dict[str, Any]]:
    """Frames up to and including the first one `wanted` accepts."""
    frames: list[dict[str, Any]] = []
    deadline = time.monotonic() + RECEIVE_SECONDS
    while not frames or not wanted(frames[-1]):
        frames.append(json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic()))))
    return frames


def test_customer_on_one_server_and_agent_on_the_other(servers: Servers) -> None:
    customer_port, agent_port = servers.ports
    customer = connect(
        f"ws://127.0.0.1:{customer_port}/ws/chat/", origin=f"http://127.0.0.1:{customer_port}"
    )
    agent = connect(
        f"ws://127.0.0.1:{agent_port}/ws/chat/agent/",
        origin=f"http://127.0.0.1:{agent_port}",
        additional_headers={"Cookie": console_cookie(agent_port)},
    )
    with customer, agent:
        customer.send(
            json.dumps({"hello": {"conversation": servers.key, "token": servers.token, "since": 0}})
        )
        replay = until(customer, lambda f: f.get("seq") == servers.last_seq)
        assert replay[0]["kind"] == "hello"
        agent.send(json.dumps({"watch": servers.key, "since": servers.last_seq}))
        assert until(agent, lambda f: f.get("kind") == "hello")[-1]["conversation"] == servers.key

        agent.send(
            json.dumps(
                {
                    "send": {
                        "conversation": servers.key,
                        "text": "您好，我是客服小王。",
                        "client_id": "a1",
                    }
                }
            )
        )
        heard = until(customer, lambda f: f.get("kind") == "message")[-1]
        assert (heard["author"], heard["text"], heard["seq"]) == (
            "agent",
            "您好，我是客服小王。",
            servers.last_seq + 1,
        )
        customer.send(json.dumps({"typing": True}))
        typing = until(agent, lambda f: f.get("kind") == "typing")[-1]
        assert typing == {
            "conversation": servers.key,
            "kind": "typing",
            "from": "customer",
            "on": True,
        }
        customer.send(json.dumps({"send": {"text": "My top-up is missing.", "client_id": "c1"}}))
        said = until(agent, lambda f: f.get("kind") == "message" and f.get("author") == "customer")
        assert said[-1]["text"] == "My top-up is missing."
        assert said[-1]["seq"] == servers.last_seq + 2
        assert said[-1]["conversation"] == servers.key
        ack = until(customer, lambda f: f.get("kind") == "ack")[-1]
        assert ack == {"kind": "ack", "client_id": "c1", "seq": servers.last_seq + 2}
