"""The ordered checks over one transaction's facts, each returning its evidence.

A check fails only for a transaction that did not go through (failed or still pending): the
wallet's recorded failure code says which rule stopped it, and the facts say what that rule
saw and how things stand now. A check that has nothing to look at for this transaction is
skipped, so the agent sees which questions were asked and which did not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from walletdesk.intake.diagnosis.contracts import Check, CheckCode, CheckState
from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    Money,
    PaymentMethodStatus,
    TransactionFacts,
    TransactionKind,
    TransactionStatus,
)

CheckFn = Callable[[TransactionFacts], Check]
_OPEN = frozenset({TransactionStatus.FAILED, TransactionStatus.PENDING})


def stamp(moment: datetime | None) -> str:
    """Evidence times: ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds") if moment else ""


def _check(code: CheckCode, failed: bool, evidence: dict[str, str]) -> Check:
    return Check(code, CheckState.FAILED if failed else CheckState.PASSED, evidence)


def _skip(code: CheckCode) -> Check:
    return Check(code, CheckState.SKIPPED, {})


def _stopped_by(facts: TransactionFacts, *codes: FailureCode) -> bool:
    tx = facts.transaction
    return tx.status in _OPEN and tx.failure_code in codes


def account_active(facts: TransactionFacts) -> Check:
    """Only outgoing money stops at a freeze; incoming money still arrives."""
    tx, account = facts.transaction, facts.account
    if tx.direction != Direction.OUT:
        return _skip(CheckCode.ACCOUNT_ACTIVE)
    evidence = {"account_status": account.status.value}
    if account.frozen_at:
        evidence["frozen_at"] = stamp(account.frozen_at)
    # A withdrawal already broadcast completes on-chain whatever the freeze.
    on_chain = tx.failure_code == FailureCode.AWAITING_CONFIRMATIONS
    failed = account.is_frozen and tx.status in _OPEN and not on_chain
    return _check(CheckCode.ACCOUNT_ACTIVE, failed, evidence)


def balance(facts: TransactionFacts) -> Check:
    tx = facts.transaction
    paid_by_card = tx.kind == TransactionKind.PAYMENT and tx.payment_method_ref is not None
    if tx.direction != Direction.OUT or paid_by_card:
        return _skip(CheckCode.BALANCE)
    covers = facts.balance.amount_minor >= tx.amount.amount_minor
    evidence = {
        "balance": str(facts.balance),
        "amount": str(tx.amount),
        "balance_covers_amount_now": "yes" if covers else "no",
    }
    if not covers:
        short = tx.amount.amount_minor - facts.balance.amount_minor
        evidence["shortfall"] = str(Money(short, tx.amount.asset))
    return _check(CheckCode.BALANCE, _stopped_by(facts, FailureCode.INSUFFICIENT_BALANCE), evidence)


def payment_method(facts: TransactionFacts) -> Check:
    method = facts.payment_method
    if method is None:
        return _skip(CheckCode.PAYMENT_METHOD)
    evidence = {"payment_method": f"{method.issuer} {method.masked_number}"}
    evidence["status"] = method.status.value
    if method.expiry_month and method.expiry_year:
        evidence["expiry"] = f"{method.expiry_month:02d}/{method.expiry_year}"
    failed = _stopped_by(facts, FailureCode.PAYMENT_METHOD_EXPIRED) or (
        _stopped_by(facts, FailureCode.ISSUER_DECLINED)
        and method.status == PaymentMethodStatus.BLOCKED
    )
    return _check(CheckCode.PAYMENT_METHOD, failed, evidence)


def issuer(facts: TransactionFacts) -> Check:
    if facts.payment_method is None or facts.issuer_answer is None:
        return _skip(CheckCode.ISSUER)
    evidence = {
        "issuer": facts.payment_method.issuer,
        "issuer_answers_now": facts.issuer_answer.value,
    }
    failed = _stopped_by(facts, FailureCode.ISSUER_DECLINED, FailureCode.ISSUER_INSUFFICIENT_FUNDS)
    return _check(CheckCode.ISSUER, failed, evidence)


def merchant(facts: TransactionFacts) -> Check:
    shop = facts.merchant
    if shop is None:
        return _skip(CheckCode.MERCHANT)
    evidence = {"merchant": shop.name, "merchant_status_now": shop.status.value}
    return _check(
        CheckCode.MERCHANT, _stopped_by(facts, FailureCode.MERCHANT_UNAVAILABLE), evidence
    )


def limit(facts: TransactionFacts) -> Check:
    tx = facts.transaction
    if tx.direction != Direction.OUT and tx.kind != TransactionKind.TOPUP:
        return _skip(CheckCode.LIMIT)  # money already sent to us is never limited
    evidence = {"amount": str(tx.amount), "per_transaction_limit": str(facts.per_transaction_limit)}
    return _check(CheckCode.LIMIT, _stopped_by(facts, FailureCode.LIMIT_EXCEEDED), evidence)


def risk_hold(facts: TransactionFacts) -> Check:
    tx = facts.transaction
    if facts.risk_review_threshold is None or tx.kind != TransactionKind.PAYMENT:
        return _skip(CheckCode.RISK_HOLD)
    evidence = {
        "amount": str(tx.amount),
        "risk_review_threshold": str(facts.risk_review_threshold),
        "first_payment_to_merchant": "yes" if facts.first_payment_to_merchant else "no",
    }
    if facts.expected_by and tx.failure_code == FailureCode.RISK_HOLD:
        evidence["review_ends_by"] = stamp(facts.expected_by)
    return _check(CheckCode.RISK_HOLD, _stopped_by(facts, FailureCode.RISK_HOLD), evidence)


def network_timeout(facts: TransactionFacts) -> Check:
    tx = facts.transaction
    if facts.payment_method is None:
        return _skip(CheckCode.NETWORK_TIMEOUT)
    evidence = {"transaction_status": tx.status.value}
    if facts.expected_by and tx.failure_code == FailureCode.NETWORK_TIMEOUT:
        evidence["automatic_reversal_by"] = stamp(facts.expected_by)
    return _check(
        CheckCode.NETWORK_TIMEOUT, _stopped_by(facts, FailureCode.NETWORK_TIMEOUT), evidence
    )


def deposit_address(facts: TransactionFacts) -> Check:
    chain = facts.chain
    if chain is None or facts.transaction.kind != TransactionKind.CRYPTO_DEPOSIT:
        return _skip(CheckCode.DEPOSIT_ADDRESS)
    evidence = {
        "address": chain.address,
        "address_is_ours": "yes" if chain.address_is_ours else "no",
    }
    failed = not chain.address_is_ours and facts.transaction.status in _OPEN
    return _check(CheckCode.DEPOSIT_ADDRESS, failed, evidence)


def chain_network(facts: TransactionFacts) -> Check:
    chain = facts.chain
    if chain is None:
        return _skip(CheckCode.CHAIN_NETWORK)
    evidence = {"sent_on": chain.network, "address_listens_on": chain.expected_network}
    failed = _stopped_by(facts, FailureCode.WRONG_NETWORK) or (
        bool(chain.expected_network)
        and chain.network != chain.expected_network
        and facts.transaction.status in _OPEN
    )
    return _check(CheckCode.CHAIN_NETWORK, failed, evidence)


def chain_memo(facts: TransactionFacts) -> Check:
    chain = facts.chain
    if chain is None or not chain.memo_required:
        return _skip(CheckCode.CHAIN_MEMO)
    evidence = {"memo_required": "yes", "memo": chain.memo or "(none)"}
    return _check(CheckCode.CHAIN_MEMO, _stopped_by(facts, FailureCode.MISSING_MEMO), evidence)


def chain_confirmations(facts: TransactionFacts) -> Check:
    chain = facts.chain
    if chain is None:
        return _skip(CheckCode.CHAIN_CONFIRMATIONS)
    evidence = {
        "confirmations": str(chain.confirmations),
        "required_confirmations": str(chain.required_confirmations),
        "block_seconds": str(chain.block_seconds),
    }
    failed = _stopped_by(facts, FailureCode.AWAITING_CONFIRMATIONS)
    if not failed and chain.confirmations < chain.required_confirmations:
        # Stopped for another reason before it was confirmed: "confirmed enough" would be false.
        return _skip(CheckCode.CHAIN_CONFIRMATIONS)
    return _check(CheckCode.CHAIN_CONFIRMATIONS, failed, evidence)


# In `CheckCode` order; `tests/intake/test_diagnosis_checks.py` holds them to it.
CHECKS: tuple[CheckFn, ...] = (
    account_active,
    balance,
    payment_method,
    issuer,
    merchant,
    limit,
    risk_hold,
    network_timeout,
    deposit_address,
    chain_network,
    chain_memo,
    chain_confirmations,
)


def run(facts: TransactionFacts) -> tuple[Check, ...]:
    return tuple(check(facts) for check in CHECKS)
