"""Digital-asset deposits and withdrawals on the simulated chains."""

from __future__ import annotations

import pytest

from tests.wallet.support import btc, cny, customer, key, usdt
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import Asset, FailureCode, TransactionStatus
from walletdesk.wallet.errors import (
    AccountNotFound,
    InvalidWalletRequest,
    TransactionStateConflict,
)
from walletdesk.wallet.sandbox import chain, corrections, rails

pytestmark = pytest.mark.django_db


def test_deposit_is_credited_when_confirmations_reach_the_requirement() -> None:
    who = customer(balance="0", assets=(Asset.CNY, Asset.BTC))
    tx = chain.crypto_deposit(
        who.ref, btc("0.25"), network="bitcoin", tx_hash="c0ffee", address="bc1q", key=key()
    )
    assert tx.crypto is not None
    assert (tx.crypto.confirmations, tx.crypto.required_confirmations) == (0, 2)
    assert balance(who.ref, Asset.BTC) == 0

    one = chain.confirm(tx.ref, confirmations=1)
    assert (one.status, one.failure_code) == (
        TransactionStatus.PENDING,
        FailureCode.AWAITING_CONFIRMATIONS,
    )
    done = chain.confirm(tx.ref, confirmations=2)
    assert (done.status, done.failure_code) == (TransactionStatus.SUCCEEDED, None)
    assert balance(who.ref, Asset.BTC) == 25_000_000

    late = chain.confirm(tx.ref, confirmations=1)  # out-of-order report: counts only go up
    assert late.crypto is not None
    assert late.crypto.confirmations == 2
    assert balance(who.ref, Asset.BTC) == 25_000_000


def test_a_deposit_with_enough_confirmations_is_credited_at_once() -> None:
    who = customer(balance="0")
    tx = chain.crypto_deposit(
        who.ref, usdt("12.5"), network="tron", tx_hash="t1", address="TAddr", key=key(),
        confirmations=19, memo="884213",
    )  # fmt: skip
    assert tx.status == TransactionStatus.SUCCEEDED
    assert tx.crypto is not None
    assert tx.crypto.memo == "884213"
    assert balance(who.ref, Asset.USDT) == 12_500_000


def test_wrong_network_moves_nothing_even_when_confirmed() -> None:
    who = customer(balance="0")
    tx = chain.crypto_deposit(
        who.ref, usdt("100"), network="bsc", tx_hash="0x1", address="TAddr", key=key(),
        confirmations=50,
    )  # fmt: skip
    assert (tx.status, tx.failure_code) == (TransactionStatus.FAILED, FailureCode.WRONG_NETWORK)
    assert chain.confirm(tx.ref, confirmations=60).status == TransactionStatus.FAILED
    assert balance(who.ref, Asset.USDT) == 0


def test_an_explicit_expected_network_is_respected() -> None:
    who = customer(balance="0")
    tx = chain.crypto_deposit(
        who.ref, usdt("1"), network="ethereum", tx_hash="0x2", address="0xAddr", key=key(),
        expected_network="ethereum", confirmations=12,
    )  # fmt: skip
    assert tx.status == TransactionStatus.SUCCEEDED


def test_withdrawal_holds_the_coins_until_confirmed() -> None:
    who = customer(balance="0", assets=(Asset.BTC,))
    chain.crypto_deposit(
        who.ref, btc("1"), network="bitcoin", tx_hash="in", address="bc1q", key=key(),
        confirmations=2,
    )  # fmt: skip
    out = chain.crypto_withdraw(
        who.ref, btc("0.4"), network="bitcoin", address="bc1qfriend", key=key()
    )
    assert (out.status, out.failure_code) == (
        TransactionStatus.PENDING,
        FailureCode.AWAITING_CONFIRMATIONS,
    )
    assert out.crypto is not None
    assert len(out.crypto.tx_hash) == 64
    assert balance(who.ref, Asset.BTC) == 60_000_000
    assert balance(who.ref, Asset.BTC, code="held") == 40_000_000

    chain.confirm(out.ref, confirmations=2)
    assert balance(who.ref, Asset.BTC, code="held") == 0
    assert balance(who.ref, Asset.BTC) == 60_000_000


def test_withdrawal_failures() -> None:
    who = customer(balance="0", assets=(Asset.BTC,))
    short = chain.crypto_withdraw(who.ref, btc("0.1"), network="bitcoin", address="x", key=key())
    over = chain.crypto_withdraw(
        who.ref, btc("1.00000001"), network="bitcoin", address="x", key=key()
    )
    assert short.failure_code == FailureCode.INSUFFICIENT_BALANCE
    assert over.failure_code == FailureCode.LIMIT_EXCEEDED
    assert short.crypto is not None
    assert short.crypto.tx_hash == ""


@pytest.mark.parametrize(
    ("amount", "network"),
    [(usdt("1"), "bitcoin"), (btc("1"), "dogechain"), (cny("1"), "tron")],
)
def test_withdrawal_refuses_an_asset_the_network_does_not_carry(amount, network) -> None:
    who = customer(balance="0")
    with pytest.raises(InvalidWalletRequest):
        chain.crypto_withdraw(who.ref, amount, network=network, address="x", key=key())


def test_fiat_does_not_arrive_on_a_chain() -> None:
    who = customer(balance="0")
    with pytest.raises(InvalidWalletRequest):
        chain.crypto_deposit(who.ref, cny("1"), network="tron", tx_hash="t", address="a", key=key())


def test_confirm_only_applies_to_on_chain_transactions() -> None:
    who = customer(balance="5.00")
    topped = rails.top_up(who.ref, cny("1"), payment_method_ref=who.card.ref, key=key())
    with pytest.raises(TransactionStateConflict):
        chain.confirm(topped.ref, confirmations=3)
    with pytest.raises(InvalidWalletRequest):
        chain.confirm(topped.ref, confirmations=-1)


def test_awaiting_confirmations_is_not_resolved_by_hand() -> None:
    who = customer(balance="0")
    tx = chain.crypto_deposit(
        who.ref, btc("0.1"), network="bitcoin", tx_hash="h", address="a", key=key()
    )
    with pytest.raises(TransactionStateConflict):
        corrections.resolve_pending(tx.ref, succeed=True)


def test_deposit_to_an_unknown_account() -> None:
    with pytest.raises(AccountNotFound):
        chain.crypto_deposit(
            "wal_nobody", btc("0.1"), network="bitcoin", tx_hash="h", address="a", key=key()
        )
