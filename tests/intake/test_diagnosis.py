"""The diagnosis through the service: one test per failure code and per outcome, staged in the
sandbox wallet, asserting outcome, action, cause, the failing check's evidence and estimates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.wallet import staging
from tests.wallet.support import T0, cny, key, merchant, usdt
from walletdesk.core import clock
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_ACCOUNT_FROZEN,
    CAUSE_ADDRESS_NOT_OURS,
    CAUSE_NONE,
    CAUSE_NOT_FOUND,
    Action,
    CheckCode,
    CheckState,
    Diagnosis,
    Outcome,
)
from walletdesk.intake.diagnosis.service import deposit_diagnose, transaction_diagnose
from walletdesk.wallet.contracts import Asset, FailureCode, MerchantStatus, PaymentMethodStatus
from walletdesk.wallet.errors import TransactionNotFound
from walletdesk.wallet.gateway import get_gateway, reset_gateway
from walletdesk.wallet.sandbox import chain, corrections, rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour, Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    reset_gateway()
    with clock.frozen_at(T0):
        yield
    reset_gateway()


def failing(d: Diagnosis) -> tuple[CheckCode, dict[str, str]]:
    check = d.failing_check
    assert check is not None
    return check.code, check.evidence


def test_every_failure_code_is_staged_and_diagnosed() -> None:
    assert set(staging.STAGED) == set(FailureCode)
    for code, stage in staging.STAGED.items():
        d = transaction_diagnose(*stage())
        assert d.cause == code.value, code
        assert d.transaction is not None
        assert d.transaction.failure_code == code
        assert d.failing_check is not None, code


def test_checks_run_in_checkcode_order_every_time() -> None:
    d = transaction_diagnose(*staging.insufficient_balance())
    assert [c.code for c in d.checks] == list(CheckCode)


def test_insufficient_balance_says_how_much_to_top_up() -> None:
    d = transaction_diagnose(*staging.insufficient_balance())
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.TOP_UP,
        "insufficient_balance",
    )
    code, evidence = failing(d)
    assert code == CheckCode.BALANCE
    assert evidence["balance"] == "50.00 CNY"
    assert evidence["amount"] == "100.00 CNY"
    assert evidence["shortfall"] == "50.00 CNY"
    assert evidence["balance_covers_amount_now"] == "no"


def test_insufficient_balance_retry_now_once_the_balance_covers_it() -> None:
    account, tx = staging.insufficient_balance()
    card_ref = get_gateway().list_payment_methods(account)[0].ref
    rails.top_up(account, cny("60.00"), payment_method_ref=card_ref, key=key())
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action) == (Outcome.FIXABLE_NOW, Action.RETRY_NOW)
    assert failing(d)[1]["balance"] == "110.00 CNY"


def test_a_frozen_account_is_the_first_thing_to_fix_for_outgoing_money() -> None:
    account, tx = staging.insufficient_balance()
    get_gateway().freeze(account, actor="agent:li", reason="phone stolen")
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.REQUEST_UNFREEZE,
        CAUSE_ACCOUNT_FROZEN,
    )
    code, evidence = failing(d)
    assert code == CheckCode.ACCOUNT_ACTIVE
    assert evidence == {"account_status": "frozen", "frozen_at": "2025-03-14T02:00:00+00:00"}


def test_expired_card_update_card() -> None:
    d = transaction_diagnose(*staging.payment_method_expired())
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.UPDATE_CARD,
        "payment_method_expired",
    )
    code, evidence = failing(d)
    assert code == CheckCode.PAYMENT_METHOD
    assert (evidence["status"], evidence["expiry"]) == ("expired", "01/2025")
    assert evidence["payment_method"] == "China Merchants Bank •••• 0005"


def test_issuer_declined_use_another_method_then_retry_when_it_accepts_again() -> None:
    account, tx = staging.issuer_declined()
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.USE_ANOTHER_METHOD,
        "issuer_declined",
    )
    assert failing(d) == (
        CheckCode.ISSUER,
        {"issuer": "China Merchants Bank", "issuer_answers_now": "declines"},
    )
    method = Transaction.objects.get(ref=tx).payment_method
    seeding.configure_payment_method(method.ref, issuer_behaviour=IssuerBehaviour.OK)
    assert transaction_diagnose(account, tx).action == Action.RETRY_NOW


def test_blocked_card_fails_the_payment_method_check() -> None:
    d = transaction_diagnose(*staging.blocked_card())
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.USE_ANOTHER_METHOD,
        "issuer_declined",
    )
    code, evidence = failing(d)
    assert (code, evidence["status"]) == (CheckCode.PAYMENT_METHOD, PaymentMethodStatus.BLOCKED)


def test_issuer_insufficient_funds_contact_bank() -> None:
    d = transaction_diagnose(*staging.issuer_insufficient_funds())
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.CONTACT_BANK,
        "issuer_insufficient_funds",
    )
    assert failing(d)[1]["issuer_answers_now"] == "insufficient_funds"


def test_merchant_unavailable_retry_later_then_now() -> None:
    account, tx = staging.merchant_unavailable()
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.RETRY_LATER,
        "merchant_unavailable",
    )
    assert failing(d) == (
        CheckCode.MERCHANT,
        {"merchant": "Cloudsea Cafe", "merchant_status_now": "outage"},
    )
    shop = Transaction.objects.get(ref=tx).merchant
    seeding.set_merchant_status(shop.ref, MerchantStatus.OPERATIONAL)
    assert transaction_diagnose(account, tx).action == Action.RETRY_NOW


def test_limit_exceeded_says_the_limit() -> None:
    d = transaction_diagnose(*staging.limit_exceeded())
    assert (d.outcome, d.action, d.cause) == (
        Outcome.FIXABLE_NOW,
        Action.SPLIT_AMOUNT,
        "limit_exceeded",
    )
    assert failing(d) == (
        CheckCode.LIMIT,
        {"amount": "60,000.00 CNY", "per_transaction_limit": "50,000.00 CNY"},
    )


def test_risk_hold_waits_for_the_review_then_needs_a_person_once_overdue() -> None:
    account, tx = staging.risk_hold()
    with clock.frozen_at(T0 + timedelta(hours=3)):
        d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (Outcome.WAIT, Action.NONE, "risk_hold")
    assert d.expected_by == T0 + timedelta(hours=24)
    assert "risk review" in d.estimate_basis
    code, evidence = failing(d)
    assert code == CheckCode.RISK_HOLD
    assert evidence["first_payment_to_merchant"] == "yes"
    assert evidence["risk_review_threshold"] == "5,000.00 CNY"
    assert evidence["review_ends_by"] == "2025-03-15T02:00:00+00:00"
    with clock.frozen_at(T0 + timedelta(hours=25)):
        late = transaction_diagnose(account, tx)
    assert late.outcome == Outcome.NEEDS_PERSON
    assert "overdue" in late.estimate_basis


def test_a_refused_risk_review_needs_a_person() -> None:
    account, tx = staging.risk_hold()
    corrections.resolve_pending(tx, succeed=False)
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.cause) == (Outcome.NEEDS_PERSON, "risk_hold")


def test_network_timeout_waits_for_the_automatic_reversal() -> None:
    account, tx = staging.network_timeout()
    with clock.frozen_at(T0 + timedelta(hours=20)):
        d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (Outcome.WAIT, Action.NONE, "network_timeout")
    assert d.expected_by == T0 + timedelta(hours=48)
    code, evidence = failing(d)
    assert code == CheckCode.NETWORK_TIMEOUT
    assert evidence == {
        "transaction_status": "pending",
        "automatic_reversal_by": "2025-03-16T02:00:00+00:00",
    }
    with clock.frozen_at(T0 + timedelta(hours=49)):
        assert transaction_diagnose(account, tx).outcome == Outcome.NEEDS_PERSON


def test_a_reversed_timeout_can_be_retried() -> None:
    account, tx = staging.network_timeout()
    corrections.resolve_pending(tx, succeed=False)
    d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action) == (Outcome.FIXABLE_NOW, Action.RETRY_NOW)


def test_awaiting_confirmations_estimate_is_missing_blocks_times_block_time() -> None:
    account, tx = staging.awaiting_confirmations()
    now = T0 + timedelta(minutes=1)
    with clock.frozen_at(now):
        d = transaction_diagnose(account, tx)
    assert (d.outcome, d.action, d.cause) == (Outcome.WAIT, Action.NONE, "awaiting_confirmations")
    assert d.expected_by == now + timedelta(seconds=(19 - 2) * 3)
    assert d.estimate_basis == "17 confirmations × 3 s on tron"
    assert failing(d) == (
        CheckCode.CHAIN_CONFIRMATIONS,
        {"confirmations": "2", "required_confirmations": "19", "block_seconds": "3"},
    )


def test_bitcoin_confirmations_use_bitcoin_block_time() -> None:
    d = transaction_diagnose(*staging.awaiting_bitcoin())
    assert d.expected_by == T0 + timedelta(seconds=2 * 600)
    assert d.estimate_basis == "2 confirmations × 600 s on bitcoin"


def test_a_withdrawal_waiting_for_confirmations_waits_too() -> None:
    ref, _deposit = staging.awaiting_confirmations()
    chain.confirm(_deposit, confirmations=19)  # 500 USDT credited
    tx = chain.crypto_withdraw(
        ref, usdt("40"), network="ethereum", address="0x" + "9" * 40, key=key()
    )
    chain.confirm(tx.ref, confirmations=4)
    get_gateway().freeze(ref, actor="agent:li", reason="phone stolen")  # on-chain already
    d = transaction_diagnose(ref, tx.ref)
    assert (d.outcome, d.expected_by) == (Outcome.WAIT, T0 + timedelta(seconds=8 * 12))
    assert d.checks[0].state == CheckState.PASSED


def test_wrong_network_needs_a_person() -> None:
    d = transaction_diagnose(*staging.wrong_network())
    assert (d.outcome, d.action, d.cause) == (Outcome.NEEDS_PERSON, Action.NONE, "wrong_network")
    assert failing(d) == (
        CheckCode.CHAIN_NETWORK,
        {"sent_on": "ethereum", "address_listens_on": "tron"},
    )


def test_a_deposit_stopped_before_its_confirmations_does_not_claim_them() -> None:
    ref = staging.crypto_account()
    address = staging.tron_address()
    seeding.add_deposit_address(ref, asset=Asset.USDT, network="tron", address=address)
    tx = chain.crypto_deposit(
        ref,
        usdt("50"),
        network="ethereum",
        tx_hash="0x" + staging.tx_hash(),
        address=address,
        key=key(),
        confirmations=0,
    )
    d = transaction_diagnose(ref, tx.ref)
    assert d.cause == "wrong_network"
    states = {check.code: check.state for check in d.checks}
    assert states[CheckCode.CHAIN_CONFIRMATIONS] == CheckState.SKIPPED


def test_missing_memo_needs_a_person() -> None:
    d = transaction_diagnose(*staging.missing_memo())
    assert (d.outcome, d.cause) == (Outcome.NEEDS_PERSON, "missing_memo")
    assert failing(d) == (CheckCode.CHAIN_MEMO, {"memo_required": "yes", "memo": "(none)"})


def test_deposit_to_an_address_that_is_not_ours_needs_a_person() -> None:
    ref = staging.crypto_account()
    d = deposit_diagnose(
        ref, network="tron", address="TScammerAddress000000000000000000", tx_hash="aa" * 32
    )
    assert (d.outcome, d.cause, d.transaction) == (
        Outcome.NEEDS_PERSON,
        CAUSE_ADDRESS_NOT_OURS,
        None,
    )
    code, evidence = failing(d)
    assert code == CheckCode.DEPOSIT_ADDRESS
    assert (evidence["address_is_ours"], evidence["deposit_seen"]) == ("no", "no")


def test_deposit_to_our_address_not_seen_yet_needs_a_person() -> None:
    ref = staging.crypto_account()
    address = seeding.add_deposit_address(
        ref, asset=Asset.USDT, network="tron", address=staging.tron_address()
    )
    d = deposit_diagnose(ref, network="tron", address=address, tx_hash=staging.tx_hash())
    assert (d.outcome, d.cause) == (Outcome.NEEDS_PERSON, CAUSE_NOT_FOUND)
    assert d.checks[0].state == CheckState.PASSED


def test_a_deposit_given_by_hash_alone_is_not_called_not_ours() -> None:
    """No address to compare: the coins are not seen, and nothing says a stranger's address
    took them (no scam warning, no "not ours")."""
    ref = staging.crypto_account()
    d = deposit_diagnose(ref, network="tron", address="", tx_hash=staging.tx_hash())
    assert (d.outcome, d.cause, d.transaction) == (Outcome.NEEDS_PERSON, CAUSE_NOT_FOUND, None)
    assert [check.state for check in d.checks] == [CheckState.SKIPPED]
    assert d.failing_check is None


def test_deposit_diagnose_finds_a_deposit_it_knows_by_hash() -> None:
    account, tx = staging.awaiting_confirmations()
    crypto = get_gateway().get_transaction(account, tx).crypto
    assert crypto is not None
    d = deposit_diagnose(account, network="tron", address=crypto.address, tx_hash=crypto.tx_hash)
    assert d.transaction is not None
    assert d.transaction.ref == tx
    assert d.outcome == Outcome.WAIT


def test_succeeded_reversed_and_refunded_are_no_fault() -> None:
    account, _failed = staging.insufficient_balance()
    shop = merchant("Northwind Books")
    paid = rails.pay(account, cny("20.00"), merchant_ref=shop.ref, key=key())
    refund = corrections.refund(paid.ref, key=key())
    for ref in (paid.ref, refund.ref):
        d = transaction_diagnose(account, ref)
        assert (d.outcome, d.action, d.cause, d.failing_check) == (
            Outcome.NO_FAULT,
            Action.NONE,
            CAUSE_NONE,
            None,
        )
    other = rails.pay(account, cny("5.00"), merchant_ref=shop.ref, key=key())
    corrections.reverse(other.ref, key=key())
    assert transaction_diagnose(account, other.ref).outcome == Outcome.NO_FAULT


def test_another_accounts_transaction_is_not_found() -> None:
    _owner, tx = staging.insufficient_balance()
    stranger = seeding.open_account("李雷").ref
    with pytest.raises(TransactionNotFound):
        transaction_diagnose(stranger, tx)


def test_as_json_carries_everything_but_the_words() -> None:
    account, tx = staging.awaiting_confirmations()
    d = transaction_diagnose(account, tx)
    shape = d.as_json()
    assert shape["transaction_ref"] == tx
    assert (shape["cause"], shape["outcome"], shape["action"]) == (
        "awaiting_confirmations",
        "wait",
        "none",
    )
    assert shape["expected_by"] == "2025-03-14T02:00:51+00:00"
    assert shape["estimate_basis"] == "17 confirmations × 3 s on tron"
    checks = shape["checks"]
    assert isinstance(checks, list)
    assert len(checks) == len(CheckCode)
    assert checks[-1] == {
        "code": "chain_confirmations",
        "state": "failed",
        "evidence": {"confirmations": "2", "required_confirmations": "19", "block_seconds": "3"},
    }
