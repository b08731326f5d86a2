"""`make bench SCENARIO=scale`: a real `walletdesk serve` (one worker process per CPU) over a
table of 100,000 tickets, driven over HTTP by 1 and 4 concurrent clients.

For each database — a throwaway SQLite file, and a throwaway PostgreSQL database
(`BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/wd_scale_bench`; skipped if
it cannot be reached) — the data is bulk-loaded by `bench/scale_seed.py`, the server started in
the embedded mode, and each operation timed: the console inbox, the API ticket list, the console
customer panel, opening a ticket and replying through the API. Results:
`scale.<db>.<op>.c<clients> = {p50_ms, p95_ms, req_per_s}`; on PostgreSQL also
`connections_per_request` (sessions opened, from pg_stat_database, over requests served).

`BENCH_SCALE_TICKETS` (default 100000) makes a quick check smaller, e.g.
`make bench SCENARIO=scale BENCH_SCALE_TICKETS=2000`; `BENCH_SCALE_REQUESTS` (default 200) is
how many requests each measurement makes.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = (1, 4)
OPERATIONS = ("inbox", "api_list", "customer_panel", "create", "reply")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/wd_scale_bench"


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("WALLETDESK_")
        and name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        WALLETDESK_DATA_DIR=str(data_dir),
        WALLETDESK_API_RATE="1000000/minute",  # the workload, not the throttle, is measured
        WALLETDESK_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _python(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _server(env: dict[str, str], log: Path) -> Iterator[str]:
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            try:
                if httpx.get(base + "/console/login/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer: " + log.read_text()[-3000:])
            time.sleep(0.5)
        time.sleep(2)  # every worker process up, not only the first
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Workload:
    """One client's requests: its own connection, console session and random draws."""

    def __init__(self, base: str, seed: dict[str, Any], n: int) -> None:
        self.seed = seed
        self.rng = random.Random(n)  # noqa: S311 - benchmark draws
        # A new connection per request, as many browsers make: four kept-alive connections
        # would stay pinned to whichever server processes accepted them first.
        self.http = httpx.Client(
            base_url=base, timeout=60, limits=httpx.Limits(max_keepalive_connections=0)
        )
        page = self.http.get("/console/login/")
        token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        signed_in = self.http.post(
            "/console/login/",
            data={
                "username": seed["username"],
                "password": seed["password"],
                "csrfmiddlewaretoken": token,
            },
        )
        assert signed_in.status_code == 302, signed_in.status_code
        self.api = {"Authorization": f"Token {seed['token']}"}
        self.counter = 0

    def inbox(self) -> httpx.Response:
        return self.http.get("/console/")

    def api_list(self) -> httpx.Response:
        return self.http.get("/api/v1/tickets/", headers=self.api)

    def customer_panel(self) -> httpx.Response:
        customer = self.rng.choice(self.seed["panel_customers"])
        return self.http.get(f"/console/customers/{customer}/panel/")

    def create(self) -> httpx.Response:
        self.counter += 1
        body = {
            "requester": self.rng.choice(self.seed["panel_customers"]),
            "subject": f"Bench create {self.counter}",
            "body": "My top-up of 100 CNY did not arrive in my wallet.",
            "problem_type": "topup_not_credited",
            "channel": "api",
        }
        return self.http.post("/api/v1/tickets/", json=body, headers=self.api)

    def reply(self) -> httpx.Response:
        ticket = self.rng.choice(self.seed["reply_tickets"])
        body = {"body": "We are looking into it and will write again soon.", "kind": "reply"}
        return self.http.post(f"/api/v1/tickets/{ticket}/messages/", json=body, headers=self.api)


def _measure(clients: list[Workload], op: str, requests: int) -> dict[str, float]:
    per_client = max(1, requests // len(clients))
    samples: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run(workload: Workload) -> None:
        call: Callable[[], httpx.Response] = getattr(workload, op)
        for _ in range(per_client):
            start = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples.append(elapsed)
                if response.status_code >= 400:
                    failures.append(f"{op} {response.status_code}")

    for workload in clients:  # warm each worker's caches and connections
        for _ in range(3):
            getattr(workload, op)()
    threads = [threading.Thread(target=run, args=(w,)) for w in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    samples.sort()
    return {
        "p50_ms": round(samples[len(samples) // 2], 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
        "req_per_s": round(len(samples) / wall, 1),
    }


def _postgres_sessions(url: str) -> int | None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", [name]
        ).fetchone()
    return int(row[0]) if row else None


def _fresh_postgres(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"scale: PostgreSQL skipped ({exc.__class__.__name__})", flush=True)
        return False
    return True


def run_database(db: str, *, tickets: int, requests: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"walletdesk-scale-{db}-"))
    url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES) if db == "postgresql" else None
    try:
        env = _env(work / "data", url)
        _python("-m", "walletdesk", "migrate", "--no-input", env=env)
        seed = json.loads(_python(str(ROOT / "bench" / "scale_seed.py"), str(tickets), env=env))
        print(
            f"scale {db}: seeded {seed['tickets']} tickets, {seed['messages']} messages "
            f"in {seed['seconds']} s",
            flush=True,
        )
        results: dict[str, Any] = {"tickets": seed["tickets"], "seed_seconds": seed["seconds"]}
        with _server(env, work / "serve.log") as base:
            clients = [Workload(base, seed, n) for n in range(max(CLIENTS))]
            sessions_before = _postgres_sessions(url) if url else None
            served = 0
            for op in OPERATIONS:
                results[op] = {}
                for count in CLIENTS:
                    figures = _measure(clients[:count], op, requests)
                    served += requests + 3 * count
                    results[op][f"c{count}"] = figures
                    print(f"scale {db} {op} c{count} {json.dumps(figures)}", flush=True)
            if url and sessions_before is not None:
                opened = (_postgres_sessions(url) or 0) - sessions_before
                results["connections_opened"] = opened
                results["connections_per_request"] = round(opened / served, 4)
            for client in clients:
                client.http.close()
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def scenario_scale() -> dict[str, Any]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    tickets = int(os.environ.get("BENCH_SCALE_TICKETS", "100000"))
    requests = int(os.environ.get("BENCH_SCALE_REQUESTS", "200"))
    out: dict[str, Any] = {
        "workers": os.cpu_count(),
        "sqlite": run_database("sqlite", tickets=tickets, requests=requests),
    }
    if _fresh_postgres(os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)):
        out["postgresql"] = run_database("postgresql", tickets=tickets, requests=requests)
    return out
