"""Every `FailureCode` can be staged on purpose, from state alone — the demo seed and the
diagnosis tests rely on it. `STAGES` doubles as the recipe book for seed-data authors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.wallet.support import bank, btc, card, cny, counts, customer, key, merchant, usdt
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import (
    FailureCode,
    MerchantStatus,
    PaymentMethodStatus,
    TransactionInfo,
    TransactionStatus,
)
from walletdesk.wallet.errors import TransactionStateConflict
from walletdesk.wallet.sandbox import chain, corrections, rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

FAILED, PENDING = TransactionStatus.FAILED, TransactionStatus.PENDING


def _insufficient_balance() -> TransactionInfo:
    who = customer(balance="10.00")
    return rails.pay(who.ref, cny("10.01"), merchant_ref=merchant().ref, key=key())


def _payment_method_expired() -> TransactionInfo:
    who = customer(balance="0")
    expired = card(who.ref, last4="1111", expiry_month=2, expiry_year=2025)  # T0 is March 2025
    return rails.top_up(who.ref, cny("50.00"), payment_method_ref=expired.ref, key=key())


def _issuer_declined() -> TransactionInfo:
    who = customer(balance="0")
    declining = card(who.ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    return rails.top_up(who.ref, cny("50.00"), payment_method_ref=declining.ref, key=key())


def _issuer_insufficient_funds() -> TransactionInfo:
    who = customer(balance="0")
    empty = bank(who.ref, issuer_behaviour=IssuerBehaviour.INSUFFICIENT_FUNDS)
    return rails.top_up(who.ref, cny("50.00"), payment_method_ref=empty.ref, key=key())


def _merchant_unavailable() -> TransactionInfo:
    who = customer()
    shop = merchant(status=MerchantStatus.MAINTENANCE)
    return rails.pay(who.ref, cny("18.00"), merchant_ref=shop.ref, key=key())


def _risk_hold() -> TransactionInfo:
    who = customer(balance="6000.00")
    return rails.pay(who.ref, cny("5000.00"), merchant_ref=merchant().ref, key=key())


def _limit_exceeded() -> TransactionInfo:
    who = customer()
    return rails.pay(who.ref, cny("50000.01"), merchant_ref=merchant().ref, key=key())


def _network_timeout() -> TransactionInfo:
    who = customer(balance="0")
    silent = card(who.ref, issuer_behaviour=IssuerBehaviour.TIMEOUT)
    return rails.top_up(who.ref, cny("50.00"), payment_method_ref=silent.ref, key=key())


def _wrong_network() -> TransactionInfo:
    who = customer(balance="0")
    return chain.crypto_deposit(
        who.ref, usdt("100"), network="ethereum", tx_hash="0xabc", address="TWdA1", key=key()
    )  # the address is on tron, the default for USDT


def _missing_memo() -> TransactionInfo:
    who = customer(balance="0")
    return chain.crypto_deposit(
        who.ref,
        usdt("100"),
        network="tron",
        tx_hash="abc",
        address="TShared1",
        key=key(),
        memo_required=True,
        confirmations=19,
    )


def _awaiting_confirmations() -> TransactionInfo:
    who = customer(balance="0")
    return chain.crypto_deposit(
        who.ref, btc("0.01"), network="bitcoin", tx_hash="f00d", address="bc1q", key=key()
    )


STAGES: dict[FailureCode, tuple[Callable[[], TransactionInfo], TransactionStatus]] = {
    FailureCode.INSUFFICIENT_BALANCE: (_insufficient_balance, FAILED),
    FailureCode.PAYMENT_METHOD_EXPIRED: (_payment_method_expired, FAILED),
    FailureCode.ISSUER_DECLINED: (_issuer_declined, FAILED),
    FailureCode.ISSUER_INSUFFICIENT_FUNDS: (_issuer_insufficient_funds, FAILED),
    FailureCode.MERCHANT_UNAVAILABLE: (_merchant_unavailable, FAILED),
    FailureCode.RISK_HOLD: (_risk_hold, PENDING),
    FailureCode.LIMIT_EXCEEDED: (_limit_exceeded, FAILED),
    FailureCode.NETWORK_TIMEOUT: (_network_timeout, PENDING),
    FailureCode.WRONG_NETWORK: (_wrong_network, FAILED),
    FailureCode.MISSING_MEMO: (_missing_memo, PENDING),
    FailureCode.AWAITING_CONFIRMATIONS: (_awaiting_confirmations, PENDING),
}


def test_every_failure_code_has_a_stage() -> None:
    assert set(STAGES) == set(FailureCode)


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(FailureCode), ids=str)
def test_the_rails_produce(code: FailureCode) -> None:
    stage, status = STAGES[code]
    tx = stage()
    assert (tx.status, tx.failure_code) == (status, code)
    assert (tx.completed_at is None) == (status == PENDING)


@pytest.mark.django_db
def test_a_failed_transaction_is_recorded_but_moves_no_money() -> None:
    who = customer(balance="10.00")
    before = counts()
    tx = rails.pay(who.ref, cny("10.01"), merchant_ref=merchant().ref, key=key())
    transactions, postings, entries = counts()
    assert (transactions, postings, entries) == (before[0] + 1, before[1], before[2])
    assert tx.status == FAILED
    assert balance(who.ref) == 10_00


@pytest.mark.django_db
def test_blocked_and_status_expired_methods_fail_like_the_issuer_would() -> None:
    who = customer(balance="0")
    blocked = card(who.ref, status=PaymentMethodStatus.BLOCKED)
    expired = card(who.ref, status=PaymentMethodStatus.EXPIRED)  # date still in the future
    assert (
        rails.top_up(who.ref, cny("1"), payment_method_ref=blocked.ref, key=key()).failure_code
        == FailureCode.ISSUER_DECLINED
    )
    assert (
        rails.top_up(who.ref, cny("1"), payment_method_ref=expired.ref, key=key()).failure_code
        == FailureCode.PAYMENT_METHOD_EXPIRED
    )


@pytest.mark.django_db
def test_a_card_is_valid_through_its_expiry_month() -> None:
    who = customer(balance="0")
    this_month = card(who.ref, expiry_month=3, expiry_year=2025)  # T0 is 14 March 2025
    tx = rails.top_up(who.ref, cny("1"), payment_method_ref=this_month.ref, key=key())
    assert tx.status == TransactionStatus.SUCCEEDED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [MerchantStatus.MAINTENANCE, MerchantStatus.OUTAGE])
def test_merchant_down_fails_payments_and_refunds(status: MerchantStatus) -> None:
    who = customer()
    shop = merchant(status=status)
    assert rails.pay(who.ref, cny("1"), merchant_ref=shop.ref, key=key()).failure_code == (
        FailureCode.MERCHANT_UNAVAILABLE
    )
    up = merchant("Noodle House")
    paid = rails.pay(who.ref, cny("30.00"), merchant_ref=up.ref, key=key())
    seeding.set_merchant_status(up.ref, status)
    refund = corrections.refund(paid.ref, key=key())
    assert (refund.status, refund.failure_code) == (FAILED, FailureCode.MERCHANT_UNAVAILABLE)
    assert balance(who.ref) == 970_00


@pytest.mark.django_db
def test_risk_hold_reserves_the_money_until_reviewed() -> None:
    who = customer(balance="6000.00")
    shop = merchant("Jade Jewellery")
    held = rails.pay(who.ref, cny("5000.00"), merchant_ref=shop.ref, key=key())
    assert balance(who.ref) == 1000_00
    assert balance(who.ref, code="held") == 5000_00

    approved = corrections.resolve_pending(held.ref, succeed=True)
    assert (approved.status, approved.failure_code) == (TransactionStatus.SUCCEEDED, None)
    assert balance(who.ref) == 1000_00
    assert balance(who.ref, code="held") == 0


@pytest.mark.django_db
def test_risk_rule_spares_known_merchants_and_small_amounts() -> None:
    who = customer(balance="20000.00")
    shop = merchant("Jade Jewellery")
    small = rails.pay(who.ref, cny("4999.99"), merchant_ref=shop.ref, key=key())
    known = rails.pay(who.ref, cny("8000.00"), merchant_ref=shop.ref, key=key())
    assert small.status == known.status == TransactionStatus.SUCCEEDED


@pytest.mark.django_db
def test_rejected_risk_hold_returns_the_money_and_keeps_the_reason() -> None:
    who = customer(balance="6000.00")
    held = rails.pay(who.ref, cny("5000.00"), merchant_ref=merchant().ref, key=key())
    rejected = corrections.resolve_pending(held.ref, succeed=False)
    assert (rejected.status, rejected.failure_code) == (FAILED, FailureCode.RISK_HOLD)
    assert balance(who.ref) == 6000_00
    assert balance(who.ref, code="held") == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "code"), [("50000.00", None), ("50000.01", FailureCode.LIMIT_EXCEEDED)]
)
def test_limit_applies_to_top_ups_too(amount: str, code: FailureCode | None) -> None:
    who = customer(balance="0")
    tx = rails.top_up(who.ref, cny(amount), payment_method_ref=who.card.ref, key=key())
    assert tx.failure_code == code


@pytest.mark.django_db
def test_timed_out_top_up_stays_pending_until_the_issuer_answers() -> None:
    who = customer(balance="0")
    silent = card(who.ref, issuer_behaviour=IssuerBehaviour.TIMEOUT)
    tx = rails.top_up(who.ref, cny("50.00"), payment_method_ref=silent.ref, key=key())
    assert tx.status == PENDING
    assert balance(who.ref) == 0

    credited = corrections.resolve_pending(tx.ref, succeed=True)
    assert credited.status == TransactionStatus.SUCCEEDED
    assert credited.completed_at is not None
    assert balance(who.ref) == 50_00
    assert corrections.resolve_pending(tx.ref, succeed=True) == credited  # asked twice
    with pytest.raises(TransactionStateConflict):
        corrections.resolve_pending(tx.ref, succeed=False)
    assert balance(who.ref) == 50_00


@pytest.mark.django_db
def test_timed_out_withdrawal_holds_the_money_and_returns_it_on_failure() -> None:
    who = customer(balance="300.00")
    silent = bank(who.ref, issuer_behaviour=IssuerBehaviour.TIMEOUT)
    tx = rails.withdraw(who.ref, cny("200.00"), payment_method_ref=silent.ref, key=key())
    assert (tx.status, tx.failure_code) == (PENDING, FailureCode.NETWORK_TIMEOUT)
    assert balance(who.ref) == 100_00
    assert balance(who.ref, code="held") == 200_00

    corrections.resolve_pending(tx.ref, succeed=False)
    assert balance(who.ref) == 300_00
    assert balance(who.ref, code="held") == 0


@pytest.mark.django_db
def test_withdrawal_checks_balance_before_asking_the_bank() -> None:
    who = customer(balance="100.00")
    declining = bank(who.ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    too_much = rails.withdraw(who.ref, cny("100.01"), payment_method_ref=declining.ref, key=key())
    declined = rails.withdraw(who.ref, cny("100.00"), payment_method_ref=declining.ref, key=key())
    assert too_much.failure_code == FailureCode.INSUFFICIENT_BALANCE
    assert declined.failure_code == FailureCode.ISSUER_DECLINED
    assert balance(who.ref) == 100_00


@pytest.mark.django_db
def test_missing_memo_is_credited_once_support_attributes_it() -> None:
    tx = _missing_memo()
    credited = corrections.resolve_pending(tx.ref, succeed=True)
    assert credited.status == TransactionStatus.SUCCEEDED
    assert credited.amount == usdt("100")


@pytest.mark.django_db
def test_attributed_deposit_still_waits_for_its_confirmations() -> None:
    who = customer(balance="0")
    tx = chain.crypto_deposit(
        who.ref,
        usdt("5"),
        network="tron",
        tx_hash="early",
        address="TShared1",
        key=key(),
        memo_required=True,
        confirmations=3,
    )
    waiting = corrections.resolve_pending(tx.ref, succeed=True)
    assert (waiting.status, waiting.failure_code) == (
        PENDING,
        FailureCode.AWAITING_CONFIRMATIONS,
    )
    assert chain.confirm(tx.ref, confirmations=19).status == TransactionStatus.SUCCEEDED
