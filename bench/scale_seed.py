"""The data of `make bench SCENARIO=scale`, loaded in bulk: `python bench/scale_seed.py N`.

Runs in its own process against whatever database the environment names (the scenario points
it at a throwaway one). Prints one JSON line: the benchmark agent's login and API token, and the
customers and tickets the workload may use.

Shape: 35 % open, 5 % waiting on the customer, 30 % solved, 30 % closed; priorities spread; half
assigned to the benchmark agent, the rest over the teams; created over a year; 20–60-word bodies;
0–3 follow-ups each (1.5 on average); requesters spread over 1,000 customers.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")

AGENT = "bench-agent"
PASSWORD = "bench-Passphrase-2026"  # noqa: S105 - a throwaway benchmark database
CUSTOMERS = 1000
BATCH = 5000
_VOCABULARY = """
top-up balance card transfer refund merchant payment pending wallet account frozen verification
code received charged twice failed yesterday please help amount bank app withdrawal network fee
address confirm order store receipt limit identity phone email
"""
WORDS = _VOCABULARY.split()


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return "open"
    if roll < 0.40:
        return "pending_customer"
    return "solved" if roll < 0.70 else "closed"


def seed(count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import transaction

    from walletdesk.api.services import api_token_create
    from walletdesk.core import clock
    from walletdesk.identity.models import Customer, Team
    from walletdesk.identity.services import console_user_create
    from walletdesk.tickets.choices import Channel, MessageKind, Priority, ProblemType
    from walletdesk.tickets.models import Message, Ticket

    rng = random.Random(15)  # noqa: S311 - benchmark data, not secrets
    started = time.perf_counter()
    agent = console_user_create(
        username=AGENT, password=PASSWORD, role="agent", teams=["frontline"]
    )
    _token, key = api_token_create(user=agent, name="bench")
    customers = Customer.objects.bulk_create(
        Customer(display_name=f"Bench customer {n}", email=f"bench{n}@example.com")
        for n in range(CUSTOMERS)
    )
    teams = list(Team.objects.all())
    now = clock.now()
    priorities = [p.value for p in Priority]
    channels = [c.value for c in Channel]
    problems = [p.value for p in ProblemType]
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        rows = []
        for _ in range(size):
            created = now - timedelta(seconds=rng.randint(60, 365 * 24 * 3600))
            status = _status(rng)
            mine = rng.random() < 0.5
            rows.append(
                Ticket(
                    subject=f"Bench ticket {made + len(rows)}",
                    channel=rng.choice(channels),
                    problem_type=rng.choice(problems),
                    status=status,
                    priority=rng.choice(priorities),
                    requester=rng.choice(customers),
                    assignee=agent if mine else None,
                    team=rng.choice(teams) if not mine or rng.random() < 0.5 else None,
                    created_at=created,
                    updated_at=min(now, created + timedelta(seconds=rng.randint(0, 7 * 86400))),
                    solved_at=created if status in ("solved", "closed") else None,
                    closed_at=created if status == "closed" else None,
                )
            )
        with transaction.atomic():
            tickets = Ticket.objects.bulk_create(rows)
            messages = []
            for ticket in tickets:
                for n in range(1 + rng.randint(0, 3)):
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind=MessageKind.REPLY,
                            author_kind="customer" if n % 2 == 0 else "agent",
                            author_customer=ticket.requester if n % 2 == 0 else None,
                            author_user=agent if n % 2 else None,
                            body=_text(rng),
                            channel=ticket.channel,
                            created_at=ticket.created_at + timedelta(minutes=n),
                        )
                    )
            Message.objects.bulk_create(messages, batch_size=BATCH)
        made += size
    _analyse()
    visible = Ticket.objects.filter(assignee=agent)
    return {
        "username": AGENT,
        "password": PASSWORD,
        "token": key,
        "customers": [c.pk for c in customers],
        # The panel opens for customers the agent handles a ticket of.
        "panel_customers": sorted(set(visible.values_list("requester_id", flat=True))),
        "reply_tickets": list(
            visible.filter(status="open").order_by("id").values_list("id", flat=True)[:500]
        ),
        "tickets": Ticket.objects.count(),
        "messages": Message.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _analyse() -> None:
    """Fresh planner statistics, as a database that has lived a while would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]))))
