"""The behaviour every `WalletGateway` must have, whatever wallet core is behind it.

Each implementation contributes a harness: the gateway under test plus a way to stage accounts
and transactions in its backing wallet. The HTTP gateway joins `HARNESSES` with a harness that
stages through the sandbox served on loopback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

import pytest

from tests.wallet import staging
from tests.wallet.support import T0, card, cny, key
from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    AccountStatus,
    Asset,
    Direction,
    FailureCode,
    IssuerAnswer,
    MerchantStatus,
    Money,
    PaymentMethodStatus,
    TransactionFacts,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import AccountNotFound, MerchantNotFound, TransactionNotFound
from walletdesk.wallet.gateway import WalletGateway
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway


class Harness(Protocol):
    gateway: WalletGateway

    def open_account(self, name: str, assets: tuple[Asset, ...] = ...) -> str: ...
    def add_card(self, account_ref: str, last4: str = ..., **kw: Any) -> str: ...
    def add_merchant(self, name: str) -> str: ...
    def top_up(self, account_ref: str, amount: Money, method_ref: str, minutes: int) -> str: ...
    def pay(self, account_ref: str, amount: Money, merchant_ref: str, minutes: int) -> str: ...
    def stage(self, code: FailureCode) -> tuple[str, str]: ...
    def add_deposit_address(self, account_ref: str, network: str, address: str) -> None: ...


class SandboxHarness:
    """Stages through the sandbox rails; `minutes` is the time after T0 the customer acted."""

    def __init__(self) -> None:
        self.gateway: WalletGateway = SandboxWalletGateway()

    def open_account(self, name: str, assets: tuple[Asset, ...] = (Asset.CNY,)) -> str:
        return seeding.open_account(name, assets=assets).ref

    def add_card(self, account_ref: str, last4: str = "4242", **kw: Any) -> str:
        return card(account_ref, last4=last4, **kw).ref

    def add_merchant(self, name: str) -> str:
        return seeding.add_merchant(name, category="food").ref

    def top_up(self, account_ref: str, amount: Money, method_ref: str, minutes: int) -> str:
        with clock.frozen_at(T0 + timedelta(minutes=minutes)):
            return rails.top_up(account_ref, amount, payment_method_ref=method_ref, key=key()).ref

    def pay(self, account_ref: str, amount: Money, merchant_ref: str, minutes: int) -> str:
        with clock.frozen_at(T0 + timedelta(minutes=minutes)):
            return rails.pay(account_ref, amount, merchant_ref=merchant_ref, key=key()).ref

    def stage(self, code: FailureCode) -> tuple[str, str]:
        """(account_ref, transaction_ref) with `code`, staged as the wallet README says."""
        return staging.STAGED[code]()

    def add_deposit_address(self, account_ref: str, network: str, address: str) -> None:
        seeding.add_deposit_address(account_ref, asset=Asset.USDT, network=network, address=address)


HARNESSES: dict[str, Callable[[], Harness]] = {"sandbox": SandboxHarness}


@pytest.fixture(params=sorted(HARNESSES))
def harness(request: pytest.FixtureRequest, db: None) -> Harness:
    return HARNESSES[request.param]()


@pytest.fixture
def funded(harness: Harness) -> tuple[str, str]:
    """An account with a card and 500 CNY topped up at T0; returns (account_ref, card_ref)."""
    account = harness.open_account("王小明")
    method = harness.add_card(account)
    harness.top_up(account, cny("500.00"), method, minutes=0)
    return account, method


UNKNOWN = "wal_doesnotexist"
CALLS_ON_AN_ACCOUNT: dict[str, Callable[[WalletGateway], object]] = {
    "get_account": lambda g: g.get_account(UNKNOWN),
    "list_balances": lambda g: g.list_balances(UNKNOWN),
    "list_payment_methods": lambda g: g.list_payment_methods(UNKNOWN),
    "list_transactions": lambda g: g.list_transactions(UNKNOWN),
    "get_transaction": lambda g: g.get_transaction(UNKNOWN, "tx_whatever"),
    "find_transactions": lambda g: g.find_transactions(UNKNOWN, around=T0),
    "freeze": lambda g: g.freeze(UNKNOWN, actor="agent", reason="stolen phone"),
    "unfreeze": lambda g: g.unfreeze(UNKNOWN, actor="agent", reason="verified"),
    "summary": lambda g: g.summary(UNKNOWN),
    "diagnose": lambda g: g.diagnose(UNKNOWN, "tx_whatever"),
    "deposit_address_owned": lambda g: g.deposit_address_owned(
        UNKNOWN, network="tron", address="T"
    ),
}


@pytest.mark.parametrize("call", CALLS_ON_AN_ACCOUNT.values(), ids=CALLS_ON_AN_ACCOUNT.keys())
def test_unknown_account_is_account_not_found(
    harness: Harness, call: Callable[[WalletGateway], object]
) -> None:
    with pytest.raises(AccountNotFound) as raised:
        call(harness.gateway)
    assert raised.value.code == "wallet_account_not_found"
    assert raised.value.status == 404


def test_another_accounts_transaction_is_not_found(
    harness: Harness, funded: tuple[str, str]
) -> None:
    owner, method = funded
    stranger = harness.open_account("李雷")
    tx_ref = harness.top_up(owner, cny("1.00"), method, minutes=1)

    assert harness.gateway.get_transaction(owner, tx_ref).ref == tx_ref
    with pytest.raises(TransactionNotFound):
        harness.gateway.get_transaction(stranger, tx_ref)
    with pytest.raises(TransactionNotFound):
        harness.gateway.get_transaction(owner, "tx_nosuchthing")


def test_get_account_describes_an_active_account(harness: Harness) -> None:
    ref = harness.open_account("王小明")
    account = harness.gateway.get_account(ref)
    assert (account.ref, account.holder_name, account.status) == (ref, "王小明", "active")
    assert (account.frozen_at, account.frozen_by, account.frozen_reason) == (None, "", "")
    assert account.created_at == T0


def test_freeze_is_idempotent_and_keeps_the_first_who_when_why(harness: Harness) -> None:
    ref = harness.open_account("王小明")
    first = harness.gateway.freeze(ref, actor="customer:self-service", reason="phone stolen")
    with clock.frozen_at(T0 + timedelta(hours=1)):
        again = harness.gateway.freeze(ref, actor="agent:li", reason="second click")

    assert first.status == AccountStatus.FROZEN
    assert first.is_frozen
    assert again == first
    assert (again.frozen_at, again.frozen_by, again.frozen_reason) == (
        T0,
        "customer:self-service",
        "phone stolen",
    )
    assert harness.gateway.get_account(ref) == first


def test_unfreeze_restores_an_active_account_and_is_idempotent(harness: Harness) -> None:
    ref = harness.open_account("王小明")
    harness.gateway.freeze(ref, actor="agent:li", reason="phone stolen")
    active = harness.gateway.unfreeze(ref, actor="supervisor:zhao", reason="identity verified")
    assert active.status == AccountStatus.ACTIVE
    assert (active.frozen_at, active.frozen_by, active.frozen_reason) == (None, "", "")
    assert harness.gateway.unfreeze(ref, actor="supervisor:zhao", reason="again") == active


def test_list_balances_one_per_asset_in_asset_order(harness: Harness) -> None:
    ref = harness.open_account("王小明", assets=(Asset.BTC, Asset.CNY, Asset.USDT))
    method = harness.add_card(ref)
    harness.top_up(ref, cny("12.34"), method, minutes=0)
    assert harness.gateway.list_balances(ref) == [
        cny("12.34"),
        Money(0, Asset.USDT),
        Money(0, Asset.BTC),
    ]


def test_payment_methods_show_only_the_last_four_digits(harness: Harness) -> None:
    ref = harness.open_account("王小明")
    harness.add_card(ref, last4="1881")
    harness.add_card(ref, last4="0005", expiry_month=1, expiry_year=2025)  # before T0's month

    methods = harness.gateway.list_payment_methods(ref)
    assert [m.masked_number for m in methods] == ["•••• 1881", "•••• 0005"]
    assert [m.status for m in methods] == [PaymentMethodStatus.ACTIVE, PaymentMethodStatus.EXPIRED]
    assert all(sum(ch.isdigit() for ch in m.masked_number) == 4 for m in methods)


def test_transactions_are_newest_first_and_filterable(
    harness: Harness, funded: tuple[str, str]
) -> None:
    ref, method = funded
    shop = harness.add_merchant("Lucky Coffee")
    paid = harness.pay(ref, cny("18.00"), shop, minutes=30)
    refused = harness.pay(ref, cny("9999.00"), shop, minutes=60)  # more than the balance
    topped = harness.top_up(ref, cny("50.00"), method, minutes=90)

    listed = harness.gateway.list_transactions(ref)
    assert [tx.ref for tx in listed][:3] == [topped, refused, paid]
    assert [tx.created_at for tx in listed] == sorted(
        (tx.created_at for tx in listed), reverse=True
    )
    assert [tx.ref for tx in harness.gateway.list_transactions(ref, limit=2)] == [topped, refused]

    failed = harness.gateway.list_transactions(ref, status=TransactionStatus.FAILED)
    assert [(tx.ref, tx.failure_code) for tx in failed] == [
        (refused, FailureCode.INSUFFICIENT_BALANCE)
    ]
    payments = harness.gateway.list_transactions(ref, kind=TransactionKind.PAYMENT)
    assert [tx.ref for tx in payments] == [refused, paid]
    assert payments[1].merchant_ref == shop
    assert payments[1].direction == Direction.OUT


def test_find_transactions_matches_amount_method_and_window(
    harness: Harness, funded: tuple[str, str]
) -> None:
    ref, method = funded
    other_card = harness.add_card(ref, last4="7777")
    near = harness.top_up(ref, cny("100.00"), method, minutes=60)
    far = harness.top_up(ref, cny("100.00"), method, minutes=60 * 20)
    other_amount = harness.top_up(ref, cny("99.00"), method, minutes=61)
    other_method = harness.top_up(ref, cny("100.00"), other_card, minutes=62)
    outside = harness.top_up(ref, cny("100.00"), method, minutes=60 * 30)
    around = T0 + timedelta(minutes=65)

    by_amount = harness.gateway.find_transactions(ref, around=around, amount=cny("100.00"))
    assert [tx.ref for tx in by_amount] == [other_method, near, far]  # closest first

    by_both = harness.gateway.find_transactions(
        ref, around=around, amount=cny("100.00"), payment_method_ref=method
    )
    assert [tx.ref for tx in by_both] == [near, far]

    narrow = harness.gateway.find_transactions(ref, around=around, window=timedelta(minutes=4))
    assert [tx.ref for tx in narrow] == [other_method, other_amount]
    assert outside not in {tx.ref for tx in by_amount}
    wrong_asset = Money(10000, Asset.USD)
    assert harness.gateway.find_transactions(ref, around=around, amount=wrong_asset) == []


def test_summary_gathers_account_balances_methods_and_recent(
    harness: Harness, funded: tuple[str, str]
) -> None:
    ref, method = funded
    for minute in range(1, 5):
        harness.top_up(ref, cny("1.00"), method, minutes=minute)

    summary = harness.gateway.summary(ref, recent=3)
    assert summary.account == harness.gateway.get_account(ref)
    assert summary.balances == [cny("504.00")]
    assert [m.ref for m in summary.payment_methods] == [method]
    assert summary.recent_transactions == harness.gateway.list_transactions(ref, limit=3)
    assert len(summary.recent_transactions) == 3


def test_get_merchant(harness: Harness) -> None:
    shop = harness.add_merchant("Lucky Coffee")
    info = harness.gateway.get_merchant(shop)
    assert (info.ref, info.name, info.status) == (shop, "Lucky Coffee", "operational")
    with pytest.raises(MerchantNotFound):
        harness.gateway.get_merchant("mch_nosuchshop")


def test_transaction_info_describes_the_money(harness: Harness, funded: tuple[str, str]) -> None:
    ref, method = funded
    tx = harness.gateway.get_transaction(ref, harness.top_up(ref, cny("8.80"), method, minutes=5))
    assert tx.kind == TransactionKind.TOPUP
    assert tx.direction == Direction.IN
    assert tx.status == TransactionStatus.SUCCEEDED
    assert tx.failure_code is None
    assert tx.amount == cny("8.80")
    assert tx.payment_method_ref == method
    assert tx.merchant_ref is None
    assert tx.created_at == tx.completed_at == T0 + timedelta(minutes=5)
    assert tx.crypto is None


def test_diagnose_another_accounts_transaction_is_not_found(
    harness: Harness, funded: tuple[str, str]
) -> None:
    owner, method = funded
    stranger = harness.open_account("李雷")
    tx_ref = harness.top_up(owner, cny("1.00"), method, minutes=1)
    assert harness.gateway.diagnose(owner, tx_ref).transaction.ref == tx_ref
    with pytest.raises(TransactionNotFound):
        harness.gateway.diagnose(stranger, tx_ref)
    with pytest.raises(TransactionNotFound):
        harness.gateway.diagnose(owner, "tx_nosuchthing")


def test_diagnose_a_completed_top_up(harness: Harness, funded: tuple[str, str]) -> None:
    owner, method = funded
    facts = harness.gateway.diagnose(owner, harness.top_up(owner, cny("8.80"), method, minutes=5))
    assert facts.transaction.status == TransactionStatus.SUCCEEDED
    assert facts.account == harness.gateway.get_account(owner)
    assert facts.balance == cny("508.80")
    assert facts.payment_method is not None
    assert facts.payment_method.ref == method
    assert facts.issuer_answer == IssuerAnswer.APPROVES
    assert (facts.merchant, facts.chain, facts.expected_by) == (None, None, None)
    assert facts.per_transaction_limit == cny("50000.00")
    assert facts.risk_review_threshold is None  # incoming money has no risk rule
    assert facts.first_payment_to_merchant is False


def _amount_over(facts: TransactionFacts, bound: Money | None) -> bool:
    assert bound is not None
    return facts.transaction.amount.amount_minor > bound.amount_minor


def _pending_with_end(facts: TransactionFacts) -> bool:
    created = facts.transaction.created_at
    return facts.transaction.status == "pending" and (facts.expected_by or created) > created


def _chain_ok(facts: TransactionFacts) -> bool:
    return facts.chain is not None and facts.chain.address_is_ours


# What the facts must show for each failure code, whatever the gateway behind them.
FACTS_FOR: dict[FailureCode, Callable[[TransactionFacts], bool]] = {
    FailureCode.INSUFFICIENT_BALANCE: lambda f: (
        f.balance.amount_minor < f.transaction.amount.amount_minor
    ),
    FailureCode.PAYMENT_METHOD_EXPIRED: lambda f: (
        f.payment_method is not None and f.payment_method.status == PaymentMethodStatus.EXPIRED
    ),
    FailureCode.ISSUER_DECLINED: lambda f: f.issuer_answer == IssuerAnswer.DECLINES,
    FailureCode.ISSUER_INSUFFICIENT_FUNDS: lambda f: (
        f.issuer_answer == IssuerAnswer.INSUFFICIENT_FUNDS
    ),
    FailureCode.MERCHANT_UNAVAILABLE: lambda f: (
        f.merchant is not None and f.merchant.status != MerchantStatus.OPERATIONAL
    ),
    FailureCode.RISK_HOLD: lambda f: (
        f.first_payment_to_merchant
        and not _amount_over(f, f.per_transaction_limit)
        and f.risk_review_threshold is not None
        and f.transaction.amount.amount_minor >= f.risk_review_threshold.amount_minor
        and _pending_with_end(f)
    ),
    FailureCode.LIMIT_EXCEEDED: lambda f: _amount_over(f, f.per_transaction_limit),
    FailureCode.NETWORK_TIMEOUT: lambda f: (
        f.issuer_answer == IssuerAnswer.NO_ANSWER and _pending_with_end(f)
    ),
    FailureCode.WRONG_NETWORK: lambda f: (
        _chain_ok(f) and f.chain is not None and f.chain.network != f.chain.expected_network != ""
    ),
    FailureCode.MISSING_MEMO: lambda f: (
        _chain_ok(f) and f.chain is not None and f.chain.memo_required and not f.chain.memo
    ),
    FailureCode.AWAITING_CONFIRMATIONS: lambda f: (
        _chain_ok(f)
        and f.chain is not None
        and f.chain.confirmations < f.chain.required_confirmations
        and f.chain.block_seconds > 0
        and f.expected_by is None
    ),  # a chain's end is estimated from `chain`, not promised
}


@pytest.mark.parametrize("code", list(FailureCode), ids=str)
def test_diagnose_shows_the_facts_behind_each_failure_code(
    harness: Harness, code: FailureCode
) -> None:
    account, tx_ref = harness.stage(code)
    facts = harness.gateway.diagnose(account, tx_ref)
    assert facts.transaction.failure_code == code
    assert facts.transaction == harness.gateway.get_transaction(account, tx_ref)
    assert FACTS_FOR[code](facts), facts


def test_deposit_address_owned_only_for_the_accounts_own_address_on_its_network(
    harness: Harness,
) -> None:
    owner = harness.open_account("王小明", assets=(Asset.USDT,))
    stranger = harness.open_account("李雷", assets=(Asset.USDT,))
    address = staging.tron_address()
    harness.add_deposit_address(owner, "tron", address)
    assert harness.gateway.deposit_address_owned(owner, network="tron", address=address)
    assert not harness.gateway.deposit_address_owned(owner, network="ethereum", address=address)
    assert not harness.gateway.deposit_address_owned(stranger, network="tron", address=address)
    assert not harness.gateway.deposit_address_owned(owner, network="tron", address="Tother")
