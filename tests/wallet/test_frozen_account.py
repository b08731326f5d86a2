"""A frozen wallet lets nothing out and still takes money in — the promise behind the
"my wallet was stolen" emergency button."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.wallet.support import bank, btc, cny, counts, customer, key, merchant
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import Asset, TransactionStatus
from walletdesk.wallet.errors import AccountFrozenError
from walletdesk.wallet.sandbox import chain, corrections, rails
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway

pytestmark = pytest.mark.django_db

OUTGOING: dict[str, Callable[[str, str, str, str], object]] = {
    "pay": lambda ref, _other, shop, _bank: rails.pay(
        ref, cny("1.00"), merchant_ref=shop, key=key()
    ),
    "transfer": lambda ref, other, _shop, _bank: rails.transfer(ref, other, cny("1.00"), key=key()),
    "withdraw": lambda ref, _other, _shop, bank_ref: rails.withdraw(
        ref, cny("1.00"), payment_method_ref=bank_ref, key=key()
    ),
    "crypto_withdraw": lambda ref, _other, _shop, _bank: chain.crypto_withdraw(
        ref, btc("0.001"), network="bitcoin", address="bc1qthief", key=key()
    ),
}


def _freeze(ref: str) -> None:
    SandboxWalletGateway().freeze(ref, actor="customer:self-service", reason="phone stolen")


@pytest.mark.parametrize("operation", OUTGOING.values(), ids=OUTGOING.keys())
def test_frozen_account_refuses_outgoing_and_records_nothing(
    operation: Callable[[str, str, str, str], object],
) -> None:
    victim = customer(assets=(Asset.CNY, Asset.BTC))
    chain.crypto_deposit(
        victim.ref, btc("0.01"), network="bitcoin", tx_hash="aa", address="bc1q", key=key(),
        confirmations=6,
    )  # fmt: skip
    other, shop, bank_ref = customer("李雷").ref, merchant().ref, bank(victim.ref).ref
    _freeze(victim.ref)
    before = counts()
    with pytest.raises(AccountFrozenError) as raised:
        operation(victim.ref, other, shop, bank_ref)
    assert (raised.value.code, raised.value.status) == ("account_frozen", 409)
    assert counts() == before
    assert balance(victim.ref) == 1000_00


def test_frozen_account_still_receives_money() -> None:
    victim, friend = customer(), customer("李雷")
    paid = rails.pay(victim.ref, cny("30.00"), merchant_ref=merchant().ref, key=key())
    _freeze(victim.ref)

    incoming = [
        rails.top_up(victim.ref, cny("5.00"), payment_method_ref=victim.card.ref, key=key()),
        rails.transfer(friend.ref, victim.ref, cny("7.00"), key=key()),
        corrections.refund(paid.ref, key=key()),
    ]
    assert {tx.status for tx in incoming} == {TransactionStatus.SUCCEEDED}
    assert balance(victim.ref) == (1000_00 - 30_00) + 5_00 + 7_00 + 30_00


def test_freezing_stops_a_held_payment_from_completing_but_can_release_it() -> None:
    victim = customer(balance="6000.00")
    held = rails.pay(victim.ref, cny("5000.00"), merchant_ref=merchant().ref, key=key())
    assert held.status == TransactionStatus.PENDING
    _freeze(victim.ref)
    with pytest.raises(AccountFrozenError):
        corrections.resolve_pending(held.ref, succeed=True)
    corrections.resolve_pending(held.ref, succeed=False)
    assert balance(victim.ref) == 6000_00


def test_unfreezing_lets_money_out_again() -> None:
    who = customer()
    gateway = SandboxWalletGateway()
    _freeze(who.ref)
    gateway.unfreeze(who.ref, actor="supervisor:zhao", reason="identity verified")
    paid = rails.pay(who.ref, cny("1.00"), merchant_ref=merchant().ref, key=key())
    assert paid.status == TransactionStatus.SUCCEEDED


def test_a_request_made_before_the_freeze_replays_its_answer() -> None:
    who = customer()
    shop = merchant()
    paid = rails.pay(who.ref, cny("1.00"), merchant_ref=shop.ref, key="before-freeze")
    _freeze(who.ref)
    assert rails.pay(who.ref, cny("1.00"), merchant_ref=shop.ref, key="before-freeze") == paid
