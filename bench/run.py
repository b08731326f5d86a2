"""WalletDesk benchmarks: `make bench [SCENARIO=name]` → bench/results/latest.json.

Each scenario reports medians over repeated runs in one process and, beside each, the simplest
baseline measured in the same run, so a figure can be read as a ratio on a noisy machine.
Runs on a throwaway SQLite database unless DATABASE_URL is set.
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("WALLETDESK_DATA_DIR", tempfile.mkdtemp(prefix="walletdesk-bench-"))
os.environ.setdefault("WALLETDESK_TASKS_IMMEDIATE", "1")
os.environ.setdefault("WALLETDESK_ALLOWED_HOSTS", "testserver")  # Django's in-process test client
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "60"))


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> dict[str, float]:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 3),
    }


def _demo_with_tickets(extra: int) -> None:
    from walletdesk.identity.models import Customer
    from walletdesk.tickets.services import ticket_create

    call_command("seed_demo", stdout=io.StringIO())
    customers = list(Customer.objects.all())
    for i in range(extra):
        ticket_create(
            channel="email",
            requester=customers[i % len(customers)],
            subject=f"Bench {i}",
            body="My top-up did not arrive.",
            problem_type="topup_not_credited",
        )


def scenario_api_ticket_list() -> dict[str, float]:
    """GET /api/v1/tickets/ (first page of 50) with 1,000 tickets, against the bare ORM query."""
    from walletdesk.api.services import api_token_create
    from walletdesk.identity.models import User
    from walletdesk.tickets.models import Ticket

    _demo_with_tickets(1000)
    _token, key = api_token_create(user=User.objects.get(username="supervisor"), name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    def api() -> None:
        response = client.get("/api/v1/tickets/")
        assert response.status_code == 200, response.status_code

    def orm() -> None:
        list(Ticket.objects.select_related("requester", "assignee", "team").values()[:50])

    endpoint, baseline = timed(api), timed(orm)
    return {
        **endpoint,
        "baseline_orm_p50_ms": baseline["p50_ms"],
        "ratio_to_baseline": round(endpoint["p50_ms"] / baseline["p50_ms"], 2),
    }


def scenario_console_inbox() -> dict[str, float]:
    """The console inbox page for a supervisor with 1,000 tickets, against the bare ORM query."""
    from walletdesk.tickets.models import Ticket

    if not Ticket.objects.filter(subject__startswith="Bench").exists():
        _demo_with_tickets(1000)
    client = Client()
    assert client.login(username="supervisor", password="demo-supervisor-2026")

    def page() -> None:
        response = client.get("/console/")
        assert response.status_code == 200, response.status_code

    def orm() -> None:
        list(Ticket.objects.select_related("requester", "assignee", "team").values()[:50])

    endpoint, baseline = timed(page), timed(orm)
    return {
        **endpoint,
        "baseline_orm_p50_ms": baseline["p50_ms"],
        "ratio_to_baseline": round(endpoint["p50_ms"] / baseline["p50_ms"], 2),
    }


def scenario_ledger_payment() -> dict[str, float]:
    """One sandbox wallet payment (idempotency check, lock, balance, double-entry posting),
    against inserting one bare row into the same database."""
    from decimal import Decimal

    from walletdesk.wallet.contracts import Asset, Money
    from walletdesk.wallet.sandbox import rails, seeding
    from walletdesk.wallet.sandbox.models import Merchant

    account = seeding.open_account("Bench", assets=(Asset.CNY,)).ref
    card = seeding.add_payment_method(
        account,
        kind="debit_card",
        issuer="Bench Bank",
        last4="0001",
        expiry_month=12,
        expiry_year=2099,
    ).ref
    shop = seeding.add_merchant("Bench Shop").ref
    rails.top_up(
        account,
        Money.from_decimal(Decimal("40000"), Asset.CNY),
        payment_method_ref=card,
        key="bench-fund",
    )
    counter = iter(range(10**9))
    one = Money.from_decimal(Decimal("1.00"), Asset.CNY)

    def pay() -> None:
        rails.pay(account, one, merchant_ref=shop, key=f"bench-{next(counter)}")

    def insert() -> None:
        Merchant.objects.create(
            ref=f"mch_bench{next(counter)}", name="x", category="", status="operational"
        )

    endpoint, baseline = timed(pay, repeats=REPEATS * 3), timed(insert, repeats=REPEATS * 3)
    return {
        **endpoint,
        "baseline_insert_p50_ms": baseline["p50_ms"],
        "ratio_to_baseline": round(endpoint["p50_ms"] / baseline["p50_ms"], 2),
    }


def scenario_fanout() -> dict[str, Any]:
    from bench.fanout import scenario_fanout

    return scenario_fanout()


def scenario_scale() -> dict[str, Any]:
    from bench.scale import scenario_scale

    return scenario_scale()


def scenario_evidence() -> dict[str, Any]:
    from bench.evidence import scenario_evidence

    return scenario_evidence()


def scenario_chat() -> dict[str, Any]:
    from bench.chat import scenario_chat

    return scenario_chat()


def scenario_search() -> dict[str, Any]:
    from bench.search import scenario_search

    return scenario_search()


SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {
    "api_ticket_list": scenario_api_ticket_list,
    "console_inbox": scenario_console_inbox,
    "ledger_payment": scenario_ledger_payment,
    "fanout": scenario_fanout,
    "scale": scenario_scale,
    "evidence": scenario_evidence,
    "search": scenario_search,
    "chat": scenario_chat,
}


def main() -> None:
    chosen = [a for a in sys.argv[1:] if a] or list(SCENARIOS)
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        sys.exit(
            f"unknown scenario(s): {', '.join(sorted(unknown))}; known: {', '.join(SCENARIOS)}"
        )
    call_command("migrate", verbosity=0)
    results = {}
    for name in chosen:
        results[name] = SCENARIOS[name]()
        print(name, json.dumps(results[name]), flush=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    from django.db import connection

    target = ROOT / "bench" / "results" / "latest.json"
    # Scenarios run alone (`make bench SCENARIO=…`) keep the others' last figures.
    earlier = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    out = {
        "commit": commit.stdout.strip(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
        },
        "scenarios": {**earlier.get("scenarios", {}), **results},
    }
    target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
