"""`make bench SCENARIO=fanout`: live events to 200 agent sockets on one server process.

One uvicorn process (a subprocess of the bench, so clients and server do not share a GIL) serves
the real ASGI stack — origin check, console session, the product's ConsoleConsumer — and, beside
it, `BaselineConsumer`: the same socket checking permission with a query per delivery, as the
console did before events carried their audience. 200 real websocket clients, signed in as 40
console users of different roles and teams (5 sockets each), follow the inbox; the server
publishes `message.created` events at a fixed rate through the product's own path
(`tickets.events.publish_ticket_event` → channel layer). Measured per consumer, in one run:

- `events_per_s` published, `deliveries_per_s` received over the window from the first publish
  to the last receipt, `p50_ms` / `p99_ms` from publish to receipt (one machine, one clock);
- `db_queries_per_delivery`: every SQL statement the server process ran in that window (an
  execute wrapper on each connection, installed through `connection_created`) over deliveries;
- `expected`, `delivered`, `unexpected`: who should have heard what is worked out by the
  ticket query (`tickets_visible_to`), independently of the rule under test; `unexpected` is a
  leak and must be 0.

Environment: BENCH_FANOUT_EVENTS_PER_S (10), BENCH_FANOUT_SECONDS (3), BENCH_FANOUT_WAIT_S (55,
how long to wait for stragglers; keep it under the in-memory layer's 60 s message expiry).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SOCKETS = 200
USERS = 40
TICKETS = 40
RATE = float(os.environ.get("BENCH_FANOUT_EVENTS_PER_S", "10"))
SECONDS = float(os.environ.get("BENCH_FANOUT_SECONDS", "3"))
WAIT_S = float(os.environ.get("BENCH_FANOUT_WAIT_S", "55"))
ROOT = Path(__file__).resolve().parent.parent
PATHS = {"product": "/ws/console/", "baseline": "/ws/bench-baseline/"}
# (role, teams, how many): every role, every team, a few in two teams.
STAFF = [
    ("supervisor", ("management",), 4),
    ("agent", ("frontline",), 14),
    ("specialist", ("payments",), 8),
    ("specialist", ("security",), 6),
    ("specialist", ("technical", "payments"), 4),
    ("admin", (), 4),
]


# ---------------------------------------------------------------- server process


def _baseline_consumer() -> Any:
    from walletdesk.core.events import TicketEvent
    from walletdesk.realtime import access
    from walletdesk.realtime.console import ConsoleConsumer

    class BaselineConsumer(ConsoleConsumer):
        """Before: every delivery asked the database whether the agent may see the ticket."""

        async def allowed(self, event: TicketEvent) -> bool:
            return self.user is not None and await access.can_follow_ticket(self.user, event.ticket)

    return BaselineConsumer


def _application() -> Any:
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.urls import path

    from walletdesk.config.asgi import django_http_application
    from walletdesk.realtime.console import ConsoleConsumer

    routes = [
        path(PATHS["product"].lstrip("/"), ConsoleConsumer.as_asgi()),
        path(PATHS["baseline"].lstrip("/"), _baseline_consumer().as_asgi()),
    ]
    return ProtocolTypeRouter(
        {
            "http": django_http_application,
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routes))),
        }
    )


class _QueryCounter:
    def __init__(self) -> None:
        self.n = 0
        self._lock = threading.Lock()

    def __call__(self, execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        with self._lock:
            self.n += 1
        return execute(sql, params, many, context)

    def install(self) -> None:
        from django.db.backends.signals import connection_created

        def on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
            if self not in connection.execute_wrappers:
                connection.execute_wrappers.append(self)

        connection_created.connect(on_connect, weak=False)


def _publish(counter: _QueryCounter, ticket_ids: list[int], count: int) -> dict[str, Any]:
    from walletdesk.tickets.events import publish_ticket_event
    from walletdesk.tickets.models import Ticket

    tickets = {t.pk: t for t in Ticket.objects.filter(pk__in=ticket_ids)}
    counter.n = 0
    published: dict[int, float] = {}
    start = time.monotonic() + 0.2
    for seq in range(1, count + 1):
        due = start + (seq - 1) / RATE
        time.sleep(max(0.0, due - time.monotonic()))
        ticket = tickets[ticket_ids[seq % len(ticket_ids)]]
        published[seq] = time.monotonic()
        # A note's event (not for the customer) that names `seq` as its message id.
        publish_ticket_event(ticket, "message.created", customer=False, message_id=seq)
    return {"published": published}


def serve(port: int) -> None:
    import django

    django.setup()
    import uvicorn

    counter = _QueryCounter()
    counter.install()
    replies, sys.stdout = sys.stdout, sys.stderr  # stdout carries the replies, nothing else
    server = uvicorn.Server(
        uvicorn.Config(
            _application(),
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            access_log=False,
        )
    )

    def control() -> None:
        while not server.started:
            time.sleep(0.05)
        print(json.dumps({"ready": True}), file=replies, flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            if command["op"] == "publish":
                reply = _publish(counter, command["tickets"], command["count"])
            elif command["op"] == "count":
                reply = {"queries": counter.n}
            else:
                break
            print(json.dumps(reply), file=replies, flush=True)
        server.should_exit = True

    threading.Thread(target=control, daemon=True).start()
    server.run()


# ---------------------------------------------------------------- bench process


def _seed() -> tuple[list[tuple[Any, str]], list[int], dict[int, set[int]]]:
    """Console users (each with a signed-in session cookie), tickets over every team, and for
    each user the tickets the ticket query lets them see."""
    from django.test import Client

    from walletdesk.identity.models import Customer, User
    from walletdesk.identity.services import console_user_create, customer_create, team_ensure
    from walletdesk.tickets.models import Ticket
    from walletdesk.tickets.permissions import tickets_visible_to
    from walletdesk.tickets.services import ticket_create

    users: list[tuple[Any, str]] = []
    for role, teams, how_many in STAFF:
        for _ in range(how_many):
            n = len(users)
            user = User.objects.filter(username=f"fanout-{n}").first() or console_user_create(
                username=f"fanout-{n}", password=f"fanout-bench-{n}-pass", role=role, teams=teams
            )
            client = Client()
            client.force_login(user)
            users.append((user, f"wd_console={client.cookies['wd_console'].value}"))
    customer = Customer.objects.filter(email="fanout@example.com").first() or customer_create(
        display_name="Fanout", email="fanout@example.com"
    )
    team_codes = [None, "frontline", "payments", "security", "technical"]
    agents = [user for user, _ in users if user.role == "agent"]
    ticket_ids = []
    for i in range(TICKETS):
        ticket = ticket_create(
            channel="email", requester=customer, subject=f"Fanout {i}", body="Where is my top-up?"
        )
        code = team_codes[i % len(team_codes)]
        Ticket.objects.filter(pk=ticket.pk).update(
            team=None if code is None else team_ensure(code),
            assignee=agents[i % len(agents)] if i % 3 == 0 else None,
        )
        ticket_ids.append(ticket.pk)
    visible = {
        user.pk: set(
            tickets_visible_to(user).filter(pk__in=ticket_ids).values_list("pk", flat=True)
        )
        for user, _ in users
    }
    return users, ticket_ids, visible


async def _clients(
    port: int, path: str, cookies: list[str], received: list[list[tuple[int, float]]]
) -> list[Any]:
    from websockets.asyncio.client import connect

    async def one(index: int) -> Any:
        ws = await connect(
            f"ws://127.0.0.1:{port}{path}",
            additional_headers={"Cookie": cookies[index]},
            origin="http://127.0.0.1",  # type: ignore[arg-type]
            open_timeout=30,
        )

        async def listen() -> None:
            async for raw in ws:
                now = time.monotonic()
                event = json.loads(raw)
                if event.get("kind") == "message.created":
                    received[index].append((event["message"], now))

        asyncio.get_running_loop().create_task(listen())
        return ws

    sockets = []
    for batch in range(0, len(cookies), 20):
        sockets += await asyncio.gather(
            *(one(i) for i in range(batch, min(batch + 20, len(cookies))))
        )
    return sockets


def _measure(
    server: Any, port: int, mode: str, users: list[tuple[Any, str]], tickets: list[int], seen: Any
) -> dict[str, Any]:
    cookies = [users[i % len(users)][1] for i in range(SOCKETS)]
    owners = [users[i % len(users)][0].pk for i in range(SOCKETS)]
    count = int(RATE * SECONDS)
    expected_per_socket = [
        {seq for seq in range(1, count + 1) if tickets[seq % len(tickets)] in seen[owner]}
        for owner in owners
    ]
    expected = sum(len(s) for s in expected_per_socket)
    received: list[list[tuple[int, float]]] = [[] for _ in range(SOCKETS)]

    def ask(command: dict[str, Any]) -> dict[str, Any]:
        server.stdin.write(json.dumps(command) + "\n")
        server.stdin.flush()
        reply: dict[str, Any] = json.loads(server.stdout.readline())
        return reply

    async def scenario() -> tuple[dict[str, Any], int, float]:
        sockets = await _clients(port, PATHS[mode], cookies, received)
        await asyncio.sleep(0.5)  # every socket has joined the inbox
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(
            None, ask, {"op": "publish", "tickets": tickets, "count": count}
        )
        deadline = time.monotonic() + WAIT_S
        while sum(len(r) for r in received) < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # anything that should not come has had its chance
        queries = (await loop.run_in_executor(None, ask, {"op": "count"}))["queries"]
        done = time.monotonic()
        for ws in sockets:
            await ws.close()
        return reply, queries, done

    reply, queries, _done = asyncio.run(scenario())
    published = {int(k): v for k, v in reply["published"].items()}
    latencies, unexpected, last = [], 0, 0.0
    for index, deliveries in enumerate(received):
        for seq, at in deliveries:
            if seq not in expected_per_socket[index]:
                unexpected += 1
            latencies.append((at - published[seq]) * 1000)
            last = max(last, at)
    delivered = len(latencies)
    latencies.sort()
    first, final = min(published.values()), max(published.values())
    return {
        "sockets": SOCKETS,
        "events": count,
        "events_per_s": round(count / (final - first + 1 / RATE), 2),
        "expected": expected,
        "delivered": delivered,
        "unexpected": unexpected,
        "deliveries_per_s": round(delivered / max(last - first, 1e-9), 1) if delivered else 0.0,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p99_ms": round(latencies[min(delivered - 1, int(delivered * 0.99))], 2)
        if latencies
        else None,
        "db_queries": queries,
        "db_queries_per_delivery": round(queries / delivered, 3) if delivered else None,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def scenario_fanout() -> dict[str, Any]:
    users, tickets, seen = _seed()
    port = _free_port()
    env = {**os.environ, "WALLETDESK_ALLOWED_HOSTS": "127.0.0.1,testserver"}
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__)), "serve", str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert json.loads(server.stdout.readline() if server.stdout else "{}").get("ready")
        product = _measure(server, port, "product", users, tickets, seen)
        baseline = _measure(server, port, "baseline", users, tickets, seen)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)
    if product["unexpected"] or baseline["unexpected"]:
        raise AssertionError(f"an agent heard of a ticket they may not see: {product} {baseline}")
    return {**product, "baseline": baseline}


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    sys.path.insert(0, str(ROOT))
    serve(int(sys.argv[2]))
