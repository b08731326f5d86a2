"""Concurrent requests cannot overdraw a wallet or use one key twice.

Needs real concurrent transactions, so it runs on PostgreSQL (row locks via select_for_update).
SQLite serialises writers with IMMEDIATE transactions instead, and its shared in-memory test
database cannot host parallel writers, so the test is skipped there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.wallet.support import cny, customer, merchant
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import FailureCode, TransactionInfo, TransactionStatus
from walletdesk.wallet.sandbox import rails
from walletdesk.wallet.sandbox.models import Transaction

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]

THREADS = 6


def _race(task: Callable[[int], TransactionInfo]) -> list[TransactionInfo]:
    start = threading.Barrier(THREADS)

    def run(n: int) -> TransactionInfo:
        try:
            start.wait()
            return task(n)
        finally:
            connections.close_all()  # each worker thread opened its own connection

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_parallel_payments_cannot_overdraw() -> None:
    who, shop = customer(balance="100.00"), merchant()
    results = _race(
        lambda n: rails.pay(who.ref, cny("60.00"), merchant_ref=shop.ref, key=f"race-{n}")
    )
    outcomes = sorted((tx.status, tx.failure_code or "") for tx in results)
    assert outcomes == [(TransactionStatus.FAILED, FailureCode.INSUFFICIENT_BALANCE)] * (
        THREADS - 1
    ) + [(TransactionStatus.SUCCEEDED, "")]
    assert balance(who.ref) == 40_00


def test_parallel_retries_of_one_key_make_one_transaction() -> None:
    who, shop = customer(balance="100.00"), merchant()
    results = _race(lambda _n: rails.pay(who.ref, cny("10.00"), merchant_ref=shop.ref, key="once"))
    assert len({tx.ref for tx in results}) == 1
    assert Transaction.objects.filter(idempotency_key="once").count() == 1
    assert balance(who.ref) == 90_00
