"""From checks to one outcome: the first failing check decides, reading how things stand now.

The wallet recorded why a transaction stopped; whether the customer can fix it *now* depends on
the present (the balance since topped up, the merchant back up, the review overdue), so each
rule looks at the current facts too. A wait always comes with its end and how it was worked out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from walletdesk.intake.diagnosis.checks import stamp
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_ACCOUNT_FROZEN,
    CAUSE_ADDRESS_NOT_OURS,
    CAUSE_NONE,
    Action,
    Check,
    CheckCode,
    CheckState,
    Diagnosis,
    Outcome,
)
from walletdesk.wallet.contracts import (
    FailureCode,
    IssuerAnswer,
    MerchantStatus,
    PaymentMethodStatus,
    TransactionFacts,
    TransactionStatus,
)

Rule = Callable[[TransactionFacts, tuple[Check, ...], datetime], Diagnosis]


def conclude(facts: TransactionFacts, checks: tuple[Check, ...], now: datetime) -> Diagnosis:
    failing = next((check for check in checks if check.state == CheckState.FAILED), None)
    if failing is not None:
        return _RULES[failing.code](facts, checks, now)
    tx = facts.transaction
    if tx.status in (TransactionStatus.SUCCEEDED, TransactionStatus.REVERSED):
        return _verdict(facts, checks, CAUSE_NONE, Outcome.NO_FAULT)
    # A stop no check explains (a wallet code this service does not know yet): a person looks.
    cause = tx.failure_code.value if tx.failure_code else CAUSE_NONE
    return _verdict(facts, checks, cause, Outcome.NEEDS_PERSON)


def _verdict(
    facts: TransactionFacts,
    checks: tuple[Check, ...],
    cause: str,
    outcome: Outcome,
    action: Action = Action.NONE,
    *,
    expected_by: datetime | None = None,
    estimate_basis: str = "",
) -> Diagnosis:
    return Diagnosis(
        transaction=facts.transaction,
        checks=checks,
        cause=cause,
        outcome=outcome,
        action=action,
        expected_by=expected_by,
        estimate_basis=estimate_basis,
    )


def _code(facts: TransactionFacts) -> str:
    code = facts.transaction.failure_code
    return code.value if code else CAUSE_NONE


def _frozen(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    return _verdict(
        facts, checks, CAUSE_ACCOUNT_FROZEN, Outcome.FIXABLE_NOW, Action.REQUEST_UNFREEZE
    )


def _balance(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    covers = facts.balance.amount_minor >= facts.transaction.amount.amount_minor
    action = Action.RETRY_NOW if covers else Action.TOP_UP
    return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, action)


def _method(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    method = facts.payment_method
    blocked = method is not None and method.status == PaymentMethodStatus.BLOCKED
    action = Action.USE_ANOTHER_METHOD if blocked else Action.UPDATE_CARD
    return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, action)


def _issuer(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    if facts.issuer_answer == IssuerAnswer.APPROVES:
        action = Action.RETRY_NOW
    elif facts.transaction.failure_code == FailureCode.ISSUER_INSUFFICIENT_FUNDS:
        action = Action.CONTACT_BANK
    else:
        action = Action.USE_ANOTHER_METHOD
    return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, action)


def _merchant(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    back = facts.merchant is not None and facts.merchant.status == MerchantStatus.OPERATIONAL
    action = Action.RETRY_NOW if back else Action.RETRY_LATER
    return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, action)


def _limit(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, Action.SPLIT_AMOUNT)


def _promised(
    facts: TransactionFacts, checks: tuple[Check, ...], now: datetime, promise: str
) -> Diagnosis:
    """A wait the wallet promises to end by itself (`expected_by`); overdue means a person."""
    tx, end = facts.transaction, facts.expected_by
    if tx.status == TransactionStatus.FAILED:
        # It already ended without the money moving: a refused review needs a person to
        # explain; a reversed timeout can simply be tried again.
        if tx.failure_code == FailureCode.NETWORK_TIMEOUT:
            return _verdict(facts, checks, _code(facts), Outcome.FIXABLE_NOW, Action.RETRY_NOW)
        return _verdict(facts, checks, _code(facts), Outcome.NEEDS_PERSON)
    if end is None or end <= now:
        basis = f"{promise} was due by {stamp(end)}; overdue" if end else f"{promise}: no end given"
        return _verdict(
            facts, checks, _code(facts), Outcome.NEEDS_PERSON, expected_by=end, estimate_basis=basis
        )
    return _verdict(
        facts,
        checks,
        _code(facts),
        Outcome.WAIT,
        expected_by=end,
        estimate_basis=f"{promise}, as the wallet promises",
    )


def _risk(facts: TransactionFacts, checks: tuple[Check, ...], now: datetime) -> Diagnosis:
    return _promised(facts, checks, now, "risk review decided")


def _timeout(facts: TransactionFacts, checks: tuple[Check, ...], now: datetime) -> Diagnosis:
    return _promised(facts, checks, now, "automatic reversal")


def _not_ours(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    return _verdict(facts, checks, CAUSE_ADDRESS_NOT_OURS, Outcome.NEEDS_PERSON)


def _person(facts: TransactionFacts, checks: tuple[Check, ...], _now: datetime) -> Diagnosis:
    return _verdict(facts, checks, _code(facts), Outcome.NEEDS_PERSON)


def _confirmations(facts: TransactionFacts, checks: tuple[Check, ...], now: datetime) -> Diagnosis:
    chain = facts.chain  # the confirmations check fails only for on-chain transfers
    missing = max(chain.required_confirmations - chain.confirmations, 0) if chain else 0
    if chain is None or chain.block_seconds <= 0:
        return _verdict(
            facts,
            checks,
            _code(facts),
            Outcome.WAIT,
            estimate_basis=f"{missing} confirmations still needed; block time unknown",
        )
    return _verdict(
        facts,
        checks,
        _code(facts),
        Outcome.WAIT,
        expected_by=now + timedelta(seconds=missing * chain.block_seconds),
        estimate_basis=f"{missing} confirmations × {chain.block_seconds} s on {chain.network}",
    )


_RULES: dict[CheckCode, Rule] = {
    CheckCode.ACCOUNT_ACTIVE: _frozen,
    CheckCode.BALANCE: _balance,
    CheckCode.PAYMENT_METHOD: _method,
    CheckCode.ISSUER: _issuer,
    CheckCode.MERCHANT: _merchant,
    CheckCode.LIMIT: _limit,
    CheckCode.RISK_HOLD: _risk,
    CheckCode.NETWORK_TIMEOUT: _timeout,
    CheckCode.DEPOSIT_ADDRESS: _not_ours,
    CheckCode.CHAIN_NETWORK: _person,
    CheckCode.CHAIN_MEMO: _person,
    CheckCode.CHAIN_CONFIRMATIONS: _confirmations,
}
