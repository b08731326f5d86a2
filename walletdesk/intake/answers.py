"""What a customer gave, validated into typed values, and what it says about a transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from walletdesk.intake.definitions import IntakeDefinition
from walletdesk.wallet.contracts import Money, TransactionKind


@dataclass(frozen=True)
class TransactionCriteria:
    """How a customer remembers a transaction: roughly when, exactly how much, how paid."""

    around: datetime
    until: datetime | None = None  # a range: from `around` to `until`
    amount: Money | None = None
    payment_method_ref: str | None = None  # signed in: one of their methods
    payment_method_hint: str = ""  # signed out: "card ending 4821"
    counterparty: str = ""
    kinds: frozenset[TransactionKind] = frozenset()  # what the problem type suggests
    network: str = ""
    tx_hash: str = ""
    address: str = ""


@dataclass(frozen=True)
class IntakeAnswers:
    """Typed values by field name: str for text, datetime, Money (amount and currency become
    one `amount` value), a ref for a transaction or payment method."""

    problem_type: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ""

    def criteria(self) -> TransactionCriteria | None:
        """The transaction search these answers allow, or None without a time or hash."""
        raise NotImplementedError

    def as_json(self) -> dict[str, str]:
        """Plain strings by field name, for storage and the API (Money as "100.00 CNY")."""
        raise NotImplementedError


def intake_validate(
    definition: IntakeDefinition,
    data: Mapping[str, str],
    *,
    signed_in: bool,
    now: datetime | None = None,
) -> IntakeAnswers:
    """Check every field of `definition` the requester is asked; raise
    `core.errors.ValidationFailed(fields={name: [message, ...]})` with every problem at once,
    in the active language."""
    raise NotImplementedError
