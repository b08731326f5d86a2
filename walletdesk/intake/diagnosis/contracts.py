"""What a diagnosis is: plain values, shared by the portal, the API, the console and the chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from walletdesk.wallet.contracts import TransactionInfo


class CheckCode(StrEnum):
    """The checks, in the order they run (the source article's checklist, then the chain)."""

    ACCOUNT_ACTIVE = "account_active"
    BALANCE = "balance"
    PAYMENT_METHOD = "payment_method"  # expired, blocked
    ISSUER = "issuer"  # declined, insufficient funds at the bank
    MERCHANT = "merchant"
    LIMIT = "limit"
    RISK_HOLD = "risk_hold"
    NETWORK_TIMEOUT = "network_timeout"  # automatic reversal pending
    DEPOSIT_ADDRESS = "deposit_address"
    CHAIN_NETWORK = "chain_network"
    CHAIN_MEMO = "chain_memo"
    CHAIN_CONFIRMATIONS = "chain_confirmations"


class CheckState(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # does not apply to this transaction


@dataclass(frozen=True)
class Check:
    code: CheckCode
    state: CheckState
    # The facts the check looked at, as plain strings (shown to agents, returned by the API):
    # {"balance": "12.00 CNY", "amount": "100.00 CNY"}.
    evidence: dict[str, str]


class Outcome(StrEnum):
    FIXABLE_NOW = "fixable_now"
    WAIT = "wait"
    NEEDS_PERSON = "needs_person"
    NO_FAULT = "no_fault"  # it completed (or was returned); nothing for anyone to fix


class Action(StrEnum):
    """What the customer can do now (FIXABLE_NOW), or NONE."""

    TOP_UP = "top_up"
    UPDATE_CARD = "update_card"
    USE_ANOTHER_METHOD = "use_another_method"
    CONTACT_BANK = "contact_bank"
    RETRY_NOW = "retry_now"
    RETRY_LATER = "retry_later"  # after the merchant recovers
    SPLIT_AMOUNT = "split_amount"
    REQUEST_UNFREEZE = "request_unfreeze"
    NONE = "none"


# Causes beyond the wallet's failure codes.
CAUSE_ACCOUNT_FROZEN = "account_frozen"
CAUSE_ADDRESS_NOT_OURS = "deposit_address_not_ours"
CAUSE_NOT_FOUND = "transaction_not_found"
CAUSE_NONE = "none"


@dataclass(frozen=True)
class Diagnosis:
    transaction: TransactionInfo | None  # None when the coins never reached us
    checks: tuple[Check, ...]
    cause: str  # a wallet FailureCode value or one of the CAUSE_ constants
    outcome: Outcome
    action: Action
    # WAIT: when it should be over, and how that was worked out ("17 confirmations × 3 s").
    expected_by: datetime | None = None
    estimate_basis: str = ""

    def as_json(self) -> dict[str, object]:
        """The stored and API shape (no words: those are drawn in the reader's language)."""
        tx = self.transaction
        return {
            "transaction_ref": tx.ref if tx else None,
            "cause": self.cause,
            "outcome": self.outcome.value,
            "action": self.action.value,
            "expected_by": self.expected_by.isoformat() if self.expected_by else None,
            "estimate_basis": self.estimate_basis,
            "checks": [
                {"code": c.code.value, "state": c.state.value, "evidence": dict(c.evidence)}
                for c in self.checks
            ],
        }

    @property
    def failing_check(self) -> Check | None:
        """The check that decided the outcome (the first that failed), if any."""
        return next((c for c in self.checks if c.state == CheckState.FAILED), None)


@dataclass(frozen=True)
class Explanation:
    """A diagnosis in the customer's words, in the active language."""

    title: str  # "Your top-up is waiting for the bank"
    cause: str  # what happened, plainly
    fix: str  # what to do now, or how long to wait, or that a person will take it from here
