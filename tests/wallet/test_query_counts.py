"""Reads cost the same number of queries for 3 transactions as for 30: the console calls
them on every ticket it opens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.wallet.support import T0, card, cny, customer, key, merchant
from walletdesk.wallet.sandbox import rails
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway

pytestmark = pytest.mark.django_db

Read = Callable[[SandboxWalletGateway, str, str], object]

# Budgets: the account lookup plus one query for the rows; summary is the account + three reads.
BUDGETS: dict[str, tuple[int, Read]] = {
    "list_transactions": (2, lambda g, ref, _tx: g.list_transactions(ref, limit=100)),
    "find_transactions": (2, lambda g, ref, _tx: g.find_transactions(ref, around=T0)),
    "list_balances": (2, lambda g, ref, _tx: g.list_balances(ref)),
    "list_payment_methods": (2, lambda g, ref, _tx: g.list_payment_methods(ref)),
    "get_transaction": (1, lambda g, ref, tx: g.get_transaction(ref, tx)),
    "summary": (7, lambda g, ref, _tx: g.summary(ref, recent=100)),
    # The transaction with its joins, the balance, whether the merchant was paid before.
    "diagnose": (3, lambda g, ref, tx: g.diagnose(ref, tx)),
}


def _history(size: int) -> tuple[str, str]:
    """An account with `size` cards, payments and top-ups; returns it and its last payment."""
    who = customer()
    shop = merchant()
    for n in range(size):
        card(who.ref, last4=f"{n:04d}")
        paid = rails.pay(who.ref, cny("1.00"), merchant_ref=shop.ref, key=key())
        rails.top_up(who.ref, cny("1.00"), payment_method_ref=who.card.ref, key=key())
    return who.ref, paid.ref


@pytest.mark.parametrize("read", BUDGETS, ids=str)
def test_reads_cost_a_fixed_number_of_queries(
    read: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    budget, call = BUDGETS[read]
    gateway = SandboxWalletGateway()
    for size in (3, 30):
        account_ref, tx_ref = _history(size)
        with django_assert_num_queries(budget):
            call(gateway, account_ref, tx_ref)
