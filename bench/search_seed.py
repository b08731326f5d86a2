"""The worker of `make bench SCENARIO=search` for one database: `python bench/search_seed.py N`.

Bulk-loads N tickets shaped like the peer benchmark (20–60-word bodies, half in Chinese and half
in English, 0–3 follow-ups, a marker word in 1 ticket in 100), builds the search index the way
`walletdesk manage reindex_search` does, then times `tickets_search` for a frontline agent (who
sees about three quarters of the tickets) and, in the same run, django-helpdesk's search: an
`icontains` over the subject and every message body, first page alone and with the count its
pager asks for. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")

BATCH = 5000
CUSTOMERS = 1000
REPEATS = int(os.environ.get("BENCH_SEARCH_REPEATS", "40"))
EN_WORDS = [
    "top-up",
    "balance",
    "card",
    "transfer",
    "refund",
    "merchant",
    "payment",
    "pending",
    "wallet",
    "account",
    "frozen",
    "verification",
    "code",
    "received",
    "charged",
    "twice",
    "failed",
    "yesterday",
    "please",
    "help",
    "amount",
    "bank",
    "app",
    "withdrawal",
    "network",
    "fee",
    "address",
    "confirm",
    "order",
    "store",
    "receipt",
    "limit",
    "identity",
    "phone",
    "email",
]
ZH_WORDS = [
    "提现",
    "冻结",
    "充值",
    "到账",
    "银行卡",
    "余额",
    "转账",
    "退款",
    "手续费",
    "失败",
    "一直",
    "没有",
    "昨天",
    "账户",
    "客服",
    "请",
    "帮忙",
    "处理",
    "订单",
    "商家",
    "支付",
    "验证码",
    "手机",
    "邮箱",
    "地址",
    "确认",
    "收到",
    "扣款",
    "两次",
    "网络",
    "金额",
    "限额",
    "身份",
    "应用",
    "钱包",
    "我的",
    "今天",
    "还是",
]
MARKERS = {"en": "zephyrine", "zh": "琥珀"}
# Per language: the rare marker (1 ticket in 100 holds it), one common word, two words together.
QUERIES = {
    "en": ["zephyrine", "refunds", "card failed", "Withdrawal pending"],
    "zh": ["琥珀", "提现", "银行卡 到账", "冻结"],
}


def _body(rng: random.Random, language: str, marker: bool) -> str:
    words = [
        rng.choice(EN_WORDS if language == "en" else ZH_WORDS) for _ in range(rng.randint(20, 60))
    ]
    if marker:
        words[rng.randrange(len(words))] = MARKERS[language]
    joiner = " " if language == "en" else ""
    return joiner.join(words) + ("." if language == "en" else "。")


def seed(count: int) -> dict[str, Any]:
    from django.db import transaction

    from walletdesk.core import clock
    from walletdesk.identity.models import Customer, Team
    from walletdesk.identity.services import console_user_create
    from walletdesk.tickets.models import Message, Ticket

    rng = random.Random(18)  # noqa: S311 - benchmark data
    agent = console_user_create(
        username="bench-agent", password="bench-Passphrase-2026", role="agent", teams=["frontline"]
    )
    customers = Customer.objects.bulk_create(
        Customer(display_name=f"客户 {n}", email=f"bench{n}@example.com") for n in range(CUSTOMERS)
    )
    teams = list(Team.objects.all())
    now = clock.now()
    made = 0
    while made < count:
        rows, texts = [], []
        for n in range(min(BATCH, count - made)):
            language = "zh" if (made + n) % 2 else "en"
            marker = (made + n) % 100 in {7, 8}  # each language's marker: 1 ticket in 100
            rows.append(
                Ticket(
                    subject=f"Bench {made + n}",
                    channel="email",
                    language="zh-hans" if language == "zh" else "en",
                    status="open",
                    requester=rng.choice(customers),
                    team=rng.choice(teams) if rng.random() < 0.8 else None,
                    created_at=now - timedelta(seconds=rng.randint(60, 365 * 86400)),
                )
            )
            texts.append(
                [_body(rng, language, marker and k == 0) for k in range(1 + rng.randint(0, 3))]
            )
        with transaction.atomic():
            tickets = Ticket.objects.bulk_create(rows)
            Message.objects.bulk_create(
                (
                    Message(ticket=t, author_kind="customer", body=body, channel="email")
                    for t, bodies in zip(tickets, texts, strict=True)
                    for body in bodies
                ),
                batch_size=BATCH,
            )
        made += len(rows)
    return {"agent": agent, "messages": Message.objects.count()}


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


def main(count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from bench.article_before import before
    from bench.article_seed import seed_articles, time_article_search
    from walletdesk.tickets.models import Ticket
    from walletdesk.tickets.search import reindex_all, tickets_search

    # The help centre first, as in a real desk: its articles exist before the tickets come in.
    started = time.perf_counter()
    articles = seed_articles(int(os.environ.get("BENCH_SEARCH_ARTICLES", "10000")))
    article_seconds = time.perf_counter() - started
    started = time.perf_counter()
    seeded = seed(count)
    seed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    indexed = reindex_all()
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # A live table is vacuumed by autovacuum; right after a bulk load the first reads of
        # every row (hint bits, the GIN pending list, autovacuum itself) would be timed instead.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    agent = seeded["agent"]
    out: dict[str, Any] = {
        "tickets": indexed,
        "messages": seeded["messages"],
        "seed_seconds": round(seed_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "limit": 50,
        "articles": articles,
        "article_versions": articles * 2,
        "article_seed_and_index_seconds": round(article_seconds, 1),
    }
    for language, queries in QUERIES.items():
        every: dict[str, list[float]] = {"": [], "_before": []}
        for query in queries:
            # The current store and, in turn on the same machine, the one before the help
            # centre's speed work (bench/article_before.py).
            for label in every:
                with before() if label else nullcontext():
                    samples = timed(lambda q=query: tickets_search(agent, q, limit=50))
                    hits = len(tickets_search(agent, query, limit=50))
                every[label] += samples
                out[f"{language}{label}:{query}"] = {**summary(samples), "hits": hits}
        for label, samples in every.items():
            overall = summary(samples)
            out[f"ticket_p50_ms{label}_{language}"] = overall["p50_ms"]
            out[f"ticket_p95_ms{label}_{language}"] = overall["p95_ms"]
        marker = MARKERS[language]
        peer = Ticket.objects.filter(
            Q(subject__icontains=marker) | Q(messages__body__icontains=marker)
        ).distinct()
        baseline = summary(
            timed(
                lambda qs=peer: list(qs.order_by("-created_at")[:50]), repeats=max(5, REPEATS // 4)
            )
        )
        out[f"icontains_baseline_p50_ms_{language}"] = baseline["p50_ms"]
        out[f"icontains_baseline_p95_ms_{language}"] = baseline["p95_ms"]
        # The peer's list also counts its matches for the pager: that reads every row.
        counted = summary(
            timed(lambda qs=peer: (qs.count(), list(qs.order_by("-created_at")[:50])), repeats=5)
        )
        out[f"icontains_counted_p50_ms_{language}"] = counted["p50_ms"]
    time_article_search(out)
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
