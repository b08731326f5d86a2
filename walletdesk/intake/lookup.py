"""One call from "this transaction" or "about 100 yuan yesterday" to a diagnosis, for callers
that do not walk the intake step by step (the API, an agent on the phone)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from walletdesk.intake.answers import TransactionCriteria
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_NOT_FOUND,
    Action,
    Check,
    Diagnosis,
    Outcome,
)
from walletdesk.intake.diagnosis.service import deposit_diagnose, transaction_diagnose
from walletdesk.intake.matching import Candidate, candidates_find


@dataclass(frozen=True)
class Lookup:
    """The diagnosis, and when a search found it, the transactions the search considered
    (best first: the diagnosis is of the first)."""

    diagnosis: Diagnosis
    candidates: tuple[Candidate, ...] = ()


# Evidence for agents only: where the risk review starts would tell whoever holds a customer's
# session how much they can move without a review.
AGENT_ONLY_EVIDENCE = frozenset({"risk_review_threshold", "first_payment_to_merchant"})

# Nothing of the account matches what the customer remembers: a person has to look.
NOT_FOUND = Diagnosis(
    transaction=None,
    checks=(),
    cause=CAUSE_NOT_FOUND,
    outcome=Outcome.NEEDS_PERSON,
    action=Action.NONE,
)


def lookup_transaction(account_ref: str, transaction_ref: str) -> Lookup:
    """One of the account's own transactions (`TransactionNotFound` for any other)."""
    return Lookup(diagnosis=transaction_diagnose(account_ref, transaction_ref))


def lookup_criteria(account_ref: str, criteria: TransactionCriteria) -> Lookup:
    """The likeliest of the account's transactions, diagnosed. Coins that match no deposit
    are checked against the address they were sent to."""
    candidates = tuple(candidates_find(account_ref, criteria))
    if candidates:
        best = candidates[0].transaction.ref
        return Lookup(diagnosis=transaction_diagnose(account_ref, best), candidates=candidates)
    if criteria.network and criteria.address and criteria.tx_hash:
        diagnosis = deposit_diagnose(
            account_ref,
            network=criteria.network,
            address=criteria.address,
            tx_hash=criteria.tx_hash,
        )
        return Lookup(diagnosis=diagnosis)
    return Lookup(diagnosis=NOT_FOUND)


def for_customer(lookup: Lookup) -> Lookup:
    """The lookup as the customer may read it: the checks without `AGENT_ONLY_EVIDENCE`."""
    diagnosis = lookup.diagnosis
    checks = tuple(_customer_check(check) for check in diagnosis.checks)
    return replace(lookup, diagnosis=replace(diagnosis, checks=checks))


def _customer_check(check: Check) -> Check:
    evidence = {k: v for k, v in check.evidence.items() if k not in AGENT_ONLY_EVIDENCE}
    return replace(check, evidence=evidence)
