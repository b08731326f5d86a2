"""The evidence bundle for a customer with 200 transactions: how long the whole build takes
(collect, PDF, ZIP), and the PDF alone, against rendering the same page as HTML only."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

TRANSACTIONS = 200


def _median_ms(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms. The CPU time of this process is what a free core would
    take; the wall time also counts waiting for a core on a busy machine."""
    fn()  # warm fonts, templates and connections
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def scenario_evidence(repeats: int = 5) -> dict[str, Any]:
    from django.template.loader import render_to_string

    from walletdesk.core import clock, ratelimit
    from walletdesk.identity.services import customer_create
    from walletdesk.security.evidence import collect, render
    from walletdesk.security.evidence.services import evidence_bundle_build
    from walletdesk.tickets.services import ticket_create
    from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
    from walletdesk.wallet.sandbox import rails, seeding

    ratelimit.install(ratelimit.MemoryStore())  # the builds below are not a flood
    start = clock.now() - dt.timedelta(days=20)
    with clock.frozen_at(start):
        account = seeding.open_account("王小明", assets=(Asset.CNY,)).ref
        card = seeding.add_payment_method(
            account,
            kind=PaymentMethodKind.DEBIT_CARD,
            issuer="招商银行",
            last4="4821",
            expiry_month=8,
            expiry_year=2099,
        ).ref
        shops = [seeding.add_merchant(name).ref for name in ("橙子超市", "星河书店", "云海咖啡")]
        rails.top_up(
            account,
            Money.from_decimal(Decimal("100000"), Asset.CNY),
            payment_method_ref=card,
            key="fund",
        )
    for n in range(TRANSACTIONS - 1):
        with clock.frozen_at(start + dt.timedelta(hours=2, minutes=n)):
            rails.pay(account, Money(1000 + n, Asset.CNY), merchant_ref=shops[n % 3], key=f"p{n}")
    customer = customer_create(
        display_name="王小明", email="bench-evidence@example.com", wallet_account_ref=account
    )
    ticket_create(
        channel="portal",
        subject="钱包被盗",
        body="我的钱包被盗了。",
        problem_type="account_stolen",
        requester=customer,
    )
    today = clock.now().date()
    period = {"period_start": today - dt.timedelta(days=29), "period_end": today}

    def build() -> object:
        return evidence_bundle_build(customer=customer, requested_by=customer, **period)

    bundle = build()
    data = collect.collect(
        customer=customer,
        period=bundle.period,  # type: ignore[attr-defined]
        tickets=[],
        full_contacts=True,
        requested_by={"kind": "customer", "ref": customer.ref, "name": "王小明"},
        generated_at=clock.now(),
        version="bench",
    )

    def html_only() -> object:
        return render_to_string(
            render.TEMPLATE,
            {"data": data, "headings": render.headings(), "json_sha256": "0" * 64, "css": {}},
        )

    build_ms, build_cpu = _median_ms(build, repeats)
    pdf_ms, pdf_cpu = _median_ms(lambda: render.render_pdf(data, json_sha256="0" * 64), repeats)
    html_ms, html_cpu = _median_ms(html_only, repeats)
    return {
        "transactions": bundle.transaction_count,  # type: ignore[attr-defined]
        "build_p50_ms": build_ms,
        "build_cpu_p50_ms": build_cpu,
        "pdf_p50_ms": pdf_ms,
        "pdf_cpu_p50_ms": pdf_cpu,
        "baseline_html_p50_ms": html_ms,
        "baseline_html_cpu_p50_ms": html_cpu,
        "zip_bytes": len(bundle.content),  # type: ignore[attr-defined]
    }
