"""`make bench SCENARIO=chat`: live chat fan-out on one `walletdesk serve` process.

Setup: 2,000 conversations (each opened by `chat.services.conversation_start`, with a ticket
from `queue_join`, so the console may see it) and 50 console users signed in; one real
`walletdesk serve --workers 1` (embedded mode, a subprocess); load clients in two processes
(bench/chat_clients.py, websockets, uvloop): 2,000 customer sockets (`/ws/chat/`, `hello` with
key, token, since) and 50 agent sockets (`/ws/chat/agent/`, console cookie), each agent
watching 40 conversations — every conversation has one customer and one agent socket, and
every published frame is two deliveries. Every frame is received and parsed by the clients.

Frames are published through the product's own path: `core.chatbus.publish` in a publisher
process on the same data directory (bench/chat_publish.py) — the embedded layer's datagrams to
the server, which is how a frame from a task thread or a sibling worker travels; the server
parses it once and hands the same text to both sockets. Nothing is added to the product.

Measured, in one run:
- `paced`: BENCH_CHAT_RATE frames/s (default 6,000 = 12,000 deliveries/s) for
  BENCH_CHAT_SECONDS (5): `deliveries_per_s` (received over first publish → last receipt),
  `p50_ms`/`p95_ms`/`p99_ms` publish → receipt, `lost`;
- `flood`: BENCH_CHAT_FLOOD frames (60,000) as fast as the publisher goes: `max_deliveries_per_s`;
- the same flood to a bare `websockets` broadcast server (`raw_deliveries_per_s`, the ceiling;
  `ratio_to_raw` = max / raw) and to the plain channels design — a consumer per socket in a
  channel-layer group per conversation, encoding per socket (`groups_deliveries_per_s`);
- `rss_mb_per_1k_idle_sockets`: the server's RSS growth over BENCH_CHAT_IDLE (10,000)
  authenticated, idle customer sockets (5 per conversation), per 1,000, and `rss_mb_idle`, its
  whole RSS with them open (the soft open-files limit is raised to the hard one first).
"""

from __future__ import annotations

import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = int(os.environ.get("BENCH_CHAT_CONVERSATIONS", "2000"))
AGENTS = int(os.environ.get("BENCH_CHAT_AGENTS", "50"))
RATE = float(os.environ.get("BENCH_CHAT_RATE", "6000"))
SECONDS = float(os.environ.get("BENCH_CHAT_SECONDS", "5"))
FLOOD = int(os.environ.get("BENCH_CHAT_FLOOD", "60000"))
IDLE = int(os.environ.get("BENCH_CHAT_IDLE", "10000"))
CLIENT_PROCESSES = 2
ORIGIN = "http://127.0.0.1"
WAIT_S = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _seed() -> tuple[list[list[Any]], list[str]]:
    """[[conversation id, key, token, last_seq]] and the agents' console cookies. Kept in
    `<data dir>/chat-seed.json`: a run given the same WALLETDESK_DATA_DIR reuses them."""
    kept = Path(os.environ["WALLETDESK_DATA_DIR"]) / "chat-seed.json"
    if kept.exists():
        seeded = json.loads(kept.read_text())
        return seeded["conversations"], seeded["cookies"]
    from django.test import Client

    from walletdesk.chat import services
    from walletdesk.identity.models import User
    from walletdesk.identity.services import console_user_create

    conversations = []
    for n in range(CONVERSATIONS):
        started = services.conversation_start(
            origin="embed",
            language="zh-hans" if n % 2 else "en",
            visitor_name=f"Bench {n}",
            visitor_contact=f"bench{n}@example.com",
        )
        services.queue_join(conversation=started.conversation)
        started.conversation.refresh_from_db()
        c = started.conversation
        conversations.append([c.pk, c.key, started.token, c.last_seq])
    cookies = []
    for n in range(AGENTS):
        name = f"chatbench-{n}"
        user = User.objects.filter(username=name).first() or console_user_create(
            username=name, password=f"tidal-Lantern-{n}-9x", role="supervisor", teams=["management"]
        )
        client = Client()
        client.force_login(user)
        cookies.append(f"wd_console={client.cookies['wd_console'].value}")
    kept.write_text(json.dumps({"conversations": conversations, "cookies": cookies}))
    return conversations, cookies


class Pipe:
    """A child process spoken to in JSON lines."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )

    def ask(self, command: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        if command is not None:
            self.process.stdin.write(json.dumps(command) + "\n")
            self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.process.args} ended")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.send({"op": "close"})
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("WALLETDESK_TASKS_IMMEDIATE", None)
    env.update(
        WALLETDESK_ALLOWED_HOSTS="127.0.0.1",
        WALLETDESK_TASKS_IMMEDIATE="1",  # no task consumer needed: nothing is enqueued
        WALLETDESK_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_port(port: int, process: subprocess.Popen[Any], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server ended: " + log.read_text()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not listen: " + log.read_text()[-3000:])


@contextmanager
def _product_server(env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "walletdesk", "serve", "--workers", "1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_raise_nofile,
        )
    try:
        _wait_port(port, process, log)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _yardstick(kind: str, env: dict[str, str]) -> Iterator[tuple[int, Pipe]]:
    port = _free_port()
    pipe = Pipe([str(ROOT / "bench" / "chat_servers.py"), kind, str(port)], env)
    try:
        assert pipe.ask().get("ready")
        yield port, pipe
    finally:
        if pipe.process.poll() is None:
            pipe.process.terminate()
            pipe.process.wait(timeout=20)


def _raise_nofile() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _clients(env: dict[str, str]) -> list[Pipe]:
    return [Pipe([str(ROOT / "bench" / "chat_clients.py")], env) for _ in range(CLIENT_PROCESSES)]


def _open(
    clients: list[Pipe], port: int, conversations: list[list[Any]], cookies: list[str], copies: int
) -> int:
    """Customer sockets (`copies` per conversation) and, with cookies, the agents' sockets,
    spread over the client processes; returns how many opened."""
    per_agent = max(1, len(conversations) // max(1, len(cookies)))
    commands: list[dict[str, Any]] = [
        {
            "op": "open",
            "url": f"ws://127.0.0.1:{port}",
            "origin": ORIGIN,
            "customers": [],
            "agents": [],
        }
        for _ in clients
    ]
    for command in commands:
        command["customers"], command["agents"] = [], []
    n = 0
    for _copy in range(copies):
        for _pk, key, token, since in conversations:
            commands[n % len(clients)]["customers"].append([key, token, since])
            n += 1
    for index, cookie in enumerate(cookies):
        mine = conversations[index * per_agent : (index + 1) * per_agent]
        watches = [[key, since] for _pk, key, _token, since in mine]
        commands[index % len(clients)]["agents"].append([cookie, watches])
    for client, command in zip(clients, commands, strict=True):
        client.send(command)
    return sum(int(client.ask()["open"]) for client in clients)


def _collect(clients: list[Pipe], expected: int) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_S
    reports: list[dict[str, Any]] = []
    while True:
        reports = [client.ask({"op": "report"}) for client in clients]
        received = sum(r["received"] for r in reports)
        if received >= expected or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    latencies = sorted(x for r in reports for x in r["latencies_ms"])
    firsts = [r["first_stamp"] for r in reports if r["first_stamp"] is not None]
    lasts = [r["last_at"] for r in reports if r["last_at"] is not None]
    return {
        "window": (max(lasts) - min(firsts)) if firsts and lasts else 0.0,
        "received": len(latencies),
        "malformed": sum(r["malformed"] for r in reports),
        "socket_errors": sum(r["errors"] for r in reports),
        "latencies": latencies,
    }


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(len(values) * q))], 2)


def _run_load(
    clients: list[Pipe], publisher: Pipe, conversations: list[list[Any]], rate: float, count: int
) -> dict[str, Any]:
    for client in clients:
        client.ask({"op": "mark"})
    expected = 2 * count
    reply = publisher.ask({"op": "publish", "rate": rate, "count": count})
    got = _collect(clients, expected)
    latencies = got["latencies"]
    return {
        "published": reply["published"],
        "publish_seconds": round(reply["seconds"], 3),
        "expected": expected,
        "received": got["received"],
        "lost": expected - got["received"],
        "malformed": got["malformed"],
        "socket_errors": got["socket_errors"],
        # Received over the window from the first publish to the last receipt.
        "deliveries_per_s": round(got["received"] / max(got["window"], 1e-9), 1),
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
    }


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _stop_all(pipes: list[Pipe]) -> None:
    for pipe in pipes:
        pipe.stop()


def scenario_chat() -> dict[str, Any]:
    _raise_nofile()
    conversations, cookies = _seed()
    env = _env()
    work = Path(os.environ["WALLETDESK_DATA_DIR"])
    results: dict[str, Any] = {
        "conversations": len(conversations),
        "command": "make bench SCENARIO=chat",
    }
    with _product_server(env, work / "chat-serve.log") as (port, pid):
        clients = _clients(env)
        publisher = Pipe([str(ROOT / "bench" / "chat_publish.py"), "product"], env)
        try:
            assert publisher.ask().get("ready")
            publisher.ask(
                {"op": "setup", "conversations": [[c[0], c[1], c[3]] for c in conversations]}
            )
            results["sockets"] = _open(clients, port, conversations, cookies, 1)
            time.sleep(1.0)
            paced = _run_load(clients, publisher, conversations, RATE, int(RATE * SECONDS))
            flood = _run_load(clients, publisher, conversations, 0, FLOOD)
            results.update(
                {
                    "offered_deliveries_per_s": 2 * RATE,
                    "deliveries_per_s": paced["deliveries_per_s"],
                    "p50_ms": paced["p50_ms"],
                    "p95_ms": paced["p95_ms"],
                    "p99_ms": paced["p99_ms"],
                    "paced": paced,
                    "max_deliveries_per_s": flood["deliveries_per_s"],
                    "flood": flood,
                }
            )
        finally:
            _stop_all(clients)
            publisher.stop()
        time.sleep(2.0)
        # Idle sockets: authenticated customers, five per conversation (the per-conversation cap).
        clients = _clients(env)
        try:
            before = _rss_mb(pid)
            copies = max(1, IDLE // len(conversations))
            opened = _open(clients, port, conversations, [], copies)
            time.sleep(3.0)
            after = _rss_mb(pid)
            results.update(
                {
                    "idle_sockets": opened,
                    "rss_mb_before_idle": round(before, 1),
                    "rss_mb_idle": round(after, 1),
                    "rss_mb_per_1k_idle_sockets": round((after - before) / (opened / 1000), 1),
                }
            )
        finally:
            _stop_all(clients)
    for kind in ("raw", "groups"):
        with _yardstick(kind, env) as (port, pipe):
            clients = _clients(env)
            publisher = (
                pipe
                if kind == "raw"
                else Pipe([str(ROOT / "bench" / "chat_publish.py"), "groups"], env)
            )
            try:
                if kind != "raw":
                    assert publisher.ask().get("ready")
                publisher.ask(
                    {"op": "setup", "conversations": [[c[1], c[1], c[3]] for c in conversations]}
                )
                _open(clients, port, conversations, cookies, 1)
                time.sleep(1.0)
                flood = _run_load(clients, publisher, conversations, 0, FLOOD)
                results[f"{kind}_deliveries_per_s"] = flood["deliveries_per_s"]
                results[f"{kind}_flood"] = flood
            finally:
                _stop_all(clients)
                if publisher is not pipe:
                    publisher.stop()
    raw = results.get("raw_deliveries_per_s") or 0
    results["ratio_to_raw"] = round(results["max_deliveries_per_s"] / raw, 3) if raw else None
    results["nofile_limit"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return results
