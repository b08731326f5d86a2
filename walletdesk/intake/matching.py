"""From "about 100 yuan by card yesterday evening" to the transactions it may mean, ranked,
each with the reasons for its place — the customer confirms which one."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from walletdesk.intake.answers import TransactionCriteria
from walletdesk.wallet.contracts import TransactionInfo


@dataclass(frozen=True)
class MatchReason:
    code: str  # "same_amount", "close_in_time", "same_method", "failed", ...
    words: Promise | str  # for the customer, in the active language


@dataclass(frozen=True)
class Candidate:
    transaction: TransactionInfo
    score: float  # higher is likelier; only the order is meaningful
    reasons: tuple[MatchReason, ...]


def candidates_find(account_ref: str, criteria: TransactionCriteria) -> list[Candidate]:
    """Best first; at most a handful. Only ever the account's own transactions."""
    raise NotImplementedError
