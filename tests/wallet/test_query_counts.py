"""Reads cost the same number of queries for 3 transactions as for 30: the console calls
them on every ticket it opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.wallet.support import T0, card, cny, customer, key, merchant
from walletdesk.wallet.sandbox import rails
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway

pytestmark = pytest.mark.django_db

# The budgets: account lookup + one query for the rows (summary: four reads).
BUDGETS: dict[str, tuple[int, Callable[[SandboxWalletGateway, str], object]]] = {
    "list_transactions": (2, lambda g, ref: g.list_transactions(ref, limit=100)),
    "find_transactions": (2, lambda g, ref: g.find_transactions(ref, around=T0)),
    "list_balances": (2, lambda g, ref: g.list_balances(ref)),
    "list_payment_methods": (2, lambda g, ref: g.list_payment_methods(ref)),
    "get_transaction": (1, lambda g, ref: g.list_transactions(ref, limit=1) and None),
    "summary": (8, lambda g, ref: g.summary(ref, recent=100)),
}


def _history(size: int) -> str:
    who = customer()
    shop = merchant()
    for n in range(size):
        card(who.ref, last4=f"{n:04d}")
        rails.pay(who.ref, cny("1.00"), merchant_ref=shop.ref, key=key())
        rails.top_up(who.ref, cny("1.00"), payment_method_ref=who.card.ref, key=key())
    return who.ref


@pytest.mark.parametrize("read", BUDGETS, ids=str)
def test_reads_cost_a_fixed_number_of_queries(
    read: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    budget, call = BUDGETS[read]
    if read == "get_transaction":
        budget, call = 1, lambda g, ref: g.get_transaction(ref, g.list_transactions(ref)[0].ref)
        budget = 3  # list (2) + get (1)
    gateway = SandboxWalletGateway()
    for size in (3, 30):
        ref = _history(size)
        with django_assert_num_queries(budget):
            call(gateway, ref)


def test_find_transactions_window_is_honoured_at_scale() -> None:
    who = customer()
    gateway = SandboxWalletGateway()
    assert len(gateway.find_transactions(who.ref, around=T0 + timedelta(days=3))) == 0
    assert len(gateway.find_transactions(who.ref, around=T0)) == 1  # the seeding top-up
