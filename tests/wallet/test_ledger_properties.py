"""The books always balance, whatever customers do, in whatever order.

Hypothesis drives random sequences of operations — successes, refusals and every kind of
failure — through the rails, and after each step the ledger is checked from first principles:

(a) every posting sums to zero per asset;
(b) all books of an asset sum to zero;
(c) no customer book is negative;
(d) the gateway's balances are the sums of the entries;
(e) each wallet is explained by its transaction history alone (settled money in minus out,
    minus what pending outgoing transactions hold) — an independent derivation that catches
    a posting made for the wrong transaction, twice, or not at all.

Each example runs inside its own savepoint that is rolled back, so examples never see each
other's data even though pytest-django sets the database up once per test function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.wallet.support import bank, card, merchant
from walletdesk.wallet.contracts import (
    Asset,
    Direction,
    MerchantStatus,
    Money,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.sandbox import chain, corrections, rails, seeding
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway
from walletdesk.wallet.sandbox.models import Book, Entry, Transaction
from walletdesk.wallet.sandbox.models import IssuerBehaviour as Issuer

ACCOUNTS = 3
CARDS = [Issuer.OK, Issuer.OK, Issuer.DECLINE, Issuer.TIMEOUT, Issuer.INSUFFICIENT_FUNDS]
MERCHANTS = [MerchantStatus.OPERATIONAL, MerchantStatus.OPERATIONAL, MerchantStatus.OUTAGE]

account_index = st.integers(0, ACCOUNTS - 1)
earlier = st.integers(0, 40)  # picks one of the transactions made so far (modulo their count)
# Mostly ordinary amounts, some above the risk threshold (5,000 CNY), a few over the limit.
cny_minor = st.one_of(st.integers(1, 300_00), st.integers(4_000_00, 8_000_00), st.just(60_000_00))
btc_minor = st.integers(1, 30_000_000)

operation = st.one_of(
    st.tuples(st.just("top_up"), account_index, st.integers(0, len(CARDS) - 1), cny_minor),
    st.tuples(st.just("pay"), account_index, st.integers(0, len(MERCHANTS) - 1), cny_minor),
    st.tuples(st.just("pay_by_card"), account_index, st.integers(0, len(MERCHANTS) - 1), cny_minor),
    st.tuples(st.just("transfer"), account_index, account_index, cny_minor),
    st.tuples(st.just("withdraw"), account_index, st.booleans(), cny_minor),
    st.tuples(st.just("deposit_btc"), account_index, st.integers(0, 3), btc_minor),
    st.tuples(st.just("withdraw_btc"), account_index, btc_minor),
    st.tuples(st.just("confirm"), earlier, st.integers(0, 3)),
    st.tuples(st.just("refund"), earlier),
    st.tuples(st.just("reverse"), earlier),
    st.tuples(st.just("resolve"), earlier, st.booleans()),
    st.tuples(st.just("freeze"), account_index),
    st.tuples(st.just("unfreeze"), account_index),
    st.tuples(st.just("retry"), earlier),
)


class World:
    """Three customers with every kind of card, a bank account each, and three merchants."""

    def __init__(self, note: Callable[[str], None] = lambda _text: None) -> None:
        self.note = note  # hypothesis.event inside @given, for --hypothesis-show-statistics
        self.gateway = SandboxWalletGateway()
        self.accounts = [
            seeding.open_account(f"Customer {n}", assets=(Asset.CNY, Asset.BTC)).ref
            for n in range(ACCOUNTS)
        ]
        self.cards = {
            ref: [card(ref, issuer_behaviour=behaviour).ref for behaviour in CARDS]
            for ref in self.accounts
        }
        self.banks = {
            ref: [bank(ref).ref, bank(ref, issuer_behaviour=Issuer.TIMEOUT).ref]
            for ref in self.accounts
        }
        self.merchants = [merchant(f"Shop {n}", status=s).ref for n, s in enumerate(MERCHANTS)]
        self.transactions: list[str] = []
        self.calls: list[tuple[Any, ...]] = []
        self.keys = 0
        for ref in self.accounts:  # start with money, so that spending paths get exercised
            rails.top_up(
                ref, Money(20_000_00, Asset.CNY), payment_method_ref=self.cards[ref][0], key="seed"
            )
            chain.crypto_deposit(
                ref, Money(50_000_000, Asset.BTC), network="bitcoin", tx_hash=f"seed-{ref}",
                address="bc1qsandbox", key="seed-btc", confirmations=6,
            )  # fmt: skip

    def key(self) -> str:
        self.keys += 1
        return f"op-{self.keys}"

    def apply(self, op: tuple[Any, ...]) -> None:
        name, *args = op
        if name == "retry":
            if not self.calls:
                return
            before = Entry.objects.count()
            replayed = self.run(*self.calls[args[0] % len(self.calls)])
            assert replayed is None or Entry.objects.count() == before  # a retry moves nothing
            return
        if name in {"top_up", "pay", "pay_by_card", "transfer", "withdraw"} or name.endswith(
            "_btc"
        ):
            call = (name, *args, self.key())
            self.calls.append(call)
            self.run(*call)
        else:
            self.run(name, *args)

    def run(self, name: str, *args: Any) -> object:
        try:
            result = self._dispatch(name, *args)
        except WalletError as refusal:
            self.note(f"{name}: refused ({refusal.code})")
            return None  # refusals (frozen, state conflicts) are part of the game
        self.note(f"{name}: {getattr(result, 'status', '')} {getattr(result, 'failure_code', '')}")
        if isinstance(result, TransactionInfo) and result.ref not in self.transactions:
            self.transactions.append(result.ref)
        return result

    def _pick(self, index: int) -> str | None:
        return self.transactions[index % len(self.transactions)] if self.transactions else None

    def _dispatch(self, name: str, *args: Any) -> object:
        accounts = self.accounts
        if name == "top_up":
            who, card_index, minor, key = args
            return rails.top_up(
                accounts[who], Money(minor, Asset.CNY),
                payment_method_ref=self.cards[accounts[who]][card_index], key=key,
            )  # fmt: skip
        if name in {"pay", "pay_by_card"}:
            who, shop, minor, key = args
            method = self.cards[accounts[who]][0] if name == "pay_by_card" else None
            return rails.pay(
                accounts[who], Money(minor, Asset.CNY), merchant_ref=self.merchants[shop],
                key=key, payment_method_ref=method,
            )  # fmt: skip
        if name == "transfer":
            sender, receiver, minor, key = args
            return rails.transfer(
                accounts[sender], accounts[receiver], Money(minor, Asset.CNY), key=key
            )
        if name == "withdraw":
            who, slow, minor, key = args
            return rails.withdraw(
                accounts[who], Money(minor, Asset.CNY),
                payment_method_ref=self.banks[accounts[who]][int(slow)], key=key,
            )  # fmt: skip
        if name == "deposit_btc":
            who, confirmations, minor, key = args
            return chain.crypto_deposit(
                accounts[who], Money(minor, Asset.BTC), network="bitcoin", tx_hash=key,
                address="bc1qsandbox", key=key, confirmations=confirmations,
            )  # fmt: skip
        if name == "withdraw_btc":
            who, minor, key = args
            return chain.crypto_withdraw(
                accounts[who],
                Money(minor, Asset.BTC),
                network="bitcoin",
                address="bc1qout",
                key=key,
            )
        if name == "freeze":
            return self.gateway.freeze(accounts[args[0]], actor="test", reason="random freeze")
        if name == "unfreeze":
            return self.gateway.unfreeze(accounts[args[0]], actor="test", reason="random unfreeze")
        target = self._pick(args[0])
        if target is None:
            return None
        self.keys += 1
        if name == "confirm":
            return chain.confirm(target, confirmations=args[1])
        if name == "refund":
            return corrections.refund(target, key=f"refund-{self.keys}")
        if name == "reverse":
            return corrections.reverse(target, key=f"reverse-{self.keys}")
        if name == "resolve":
            return corrections.resolve_pending(target, succeed=args[1])
        raise AssertionError(name)


def assert_books_balance(world: World) -> None:
    # (a) every posting sums to zero per asset
    unbalanced = (
        Entry.objects.values("posting", "book__asset")
        .annotate(total=Sum("amount_minor"))
        .exclude(total=0)
    )
    assert not unbalanced.exists()
    # (b) the sum over all books of each asset is zero
    assert (
        not Entry.objects.values("book__asset").annotate(total=Sum("amount_minor")).exclude(total=0)
    )
    # (c) no customer book is negative
    negative = (
        Book.objects.filter(owner__isnull=False)
        .annotate(total=Sum("entries__amount_minor"))
        .filter(total__lt=0)
    )
    assert not negative.exists()

    expected_wallet, expected_held = _explained_by_history()
    for ref in world.accounts:
        by_entries = _entry_sums(ref)
        # (d) the gateway's balances are the sums of the entries
        shown = {money.asset: money.amount_minor for money in world.gateway.list_balances(ref)}
        assert shown == {asset: by_entries[(asset, "wallet")] for asset in (Asset.CNY, Asset.BTC)}
        # (e) the transaction history explains every customer book
        for asset in (Asset.CNY, Asset.BTC):
            assert by_entries[(asset, "wallet")] == expected_wallet[(ref, asset)]
            assert by_entries[(asset, "held")] == expected_held[(ref, asset)]


def _entry_sums(account_ref: str) -> defaultdict[tuple[str, str], int]:
    sums: defaultdict[tuple[str, str], int] = defaultdict(int)
    rows = (
        Entry.objects.filter(book__owner__ref=account_ref)
        .values_list("book__asset", "book__code")
        .annotate(total=Sum("amount_minor"))
    )
    for asset, code, total in rows:
        sums[(asset, code)] = total
    return sums


def _explained_by_history() -> tuple[defaultdict[Any, int], defaultdict[Any, int]]:
    """Wallet and held amounts per (account, asset), from transactions alone."""
    wallet: defaultdict[Any, int] = defaultdict(int)
    held: defaultdict[Any, int] = defaultdict(int)
    for tx in Transaction.objects.select_related("account"):
        # Card-funded payments and refunds to a card never touch the wallet.
        if tx.payment_method_id and tx.kind in {TransactionKind.PAYMENT, TransactionKind.REFUND}:
            continue
        slot = (tx.account.ref, tx.asset)
        sign = 1 if tx.direction == Direction.IN else -1
        if tx.status == TransactionStatus.SUCCEEDED:
            wallet[slot] += sign * tx.amount_minor
        elif tx.status == TransactionStatus.PENDING and tx.direction == Direction.OUT:
            wallet[slot] -= tx.amount_minor
            held[slot] += tx.amount_minor
    return wallet, held


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    database=None,  # keep no example database in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=30))
def test_books_always_balance(operations: list[tuple[Any, ...]]) -> None:
    with transaction.atomic():
        world = World(note=event)
        for op in operations:
            world.apply(op)
            assert_books_balance(world)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_checker_notices_a_broken_ledger() -> None:
    """Guard against an invariant check that cannot fail."""
    world = World()
    world.apply(("top_up", 0, 0, 100_00))
    assert_books_balance(world)
    entry = Entry.objects.filter(book__owner__isnull=False).first()
    assert entry is not None
    Entry.objects.filter(pk=entry.pk).update(amount_minor=entry.amount_minor + 1)
    with pytest.raises(AssertionError):
        assert_books_balance(world)
