"""From "about 100 yuan by card yesterday evening" to the transactions it may mean, ranked,
each with the reasons for its place — the customer confirms which one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from walletdesk.intake.answers import TransactionCriteria
from walletdesk.wallet.contracts import TransactionInfo, TransactionKind, TransactionStatus
from walletdesk.wallet.gateway import get_gateway

MAX_CANDIDATES: Final = 5
# How far from the remembered time we look: people misremember by hours, not by days.
SLACK: Final = timedelta(hours=24)
# A hash alone names the transfer; look back far enough to find a stuck deposit.
HASH_ONLY_WINDOW: Final = timedelta(days=31)
_KIND_LABELS: Final = dict(TransactionKind.choices())
_DIGITS: Final = re.compile(r"\d{4}")


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
    """Best first; at most a handful. Only ever the account's own transactions.

    The gateway is asked by time alone: a customer who misremembers the amount by a yuan
    should still see the payment, just lower down."""
    gateway = get_gateway()
    around, window = _search(criteria)
    found = gateway.find_transactions(account_ref, around=around, window=window)
    tails = {}
    if criteria.payment_method_hint:
        tails = {m.ref: m.masked_number[-4:] for m in gateway.list_payment_methods(account_ref)}
    scored = [_score(tx, criteria, tails) for tx in found]
    scored.sort(key=lambda c: (-c.score, abs(c.transaction.created_at - criteria.around)))
    return scored[:MAX_CANDIDATES]


def _search(criteria: TransactionCriteria) -> tuple[datetime, timedelta]:
    if not criteria.time_known:
        return criteria.around, HASH_ONLY_WINDOW
    if criteria.until is None:
        return criteria.around, SLACK
    middle = criteria.around + (criteria.until - criteria.around) / 2
    return middle, (criteria.until - criteria.around) / 2 + SLACK


def _score(tx: TransactionInfo, criteria: TransactionCriteria, tails: dict[str, str]) -> Candidate:
    reasons: list[tuple[float, MatchReason]] = []
    crypto = tx.crypto
    if (
        criteria.tx_hash
        and crypto is not None
        and crypto.tx_hash.lower() == criteria.tx_hash.lower()
    ):
        reasons.append((100, MatchReason("same_hash", _("Same transaction hash"))))
    if criteria.address and tx.crypto is not None and tx.crypto.address == criteria.address:
        reasons.append((20, MatchReason("same_address", _("Same address"))))
    if criteria.amount is not None and tx.amount == criteria.amount:
        reasons.append((40, MatchReason("same_amount", _("Same amount"))))
    if criteria.time_known:
        reasons.append(_time_reason(tx.created_at, criteria))
    reasons.extend(_method_reasons(tx, criteria, tails))
    if criteria.counterparty and _same_party(tx.counterparty, criteria.counterparty):
        reasons.append((15, MatchReason("same_counterparty", _("Same merchant or person"))))
    if tx.kind in criteria.kinds:
        words = format_lazy(
            _("{kind}, which fits the problem you described"), kind=_KIND_LABELS[tx.kind]
        )
        reasons.append((8, MatchReason("fitting_kind", words)))
    if tx.status == TransactionStatus.FAILED:
        reasons.append((10, MatchReason("failed", _("It failed"))))
    elif tx.status == TransactionStatus.PENDING:
        reasons.append((10, MatchReason("pending", _("It is still pending"))))
    ordered = sorted(reasons, key=lambda pair: -pair[0])
    return Candidate(
        transaction=tx,
        score=float(sum(points for points, _reason in reasons)),
        reasons=tuple(reason for _points, reason in ordered),
    )


def _time_reason(created_at: datetime, criteria: TransactionCriteria) -> tuple[float, MatchReason]:
    """Inside the given period scores fully; otherwise less the further off it is."""
    if criteria.until is not None and criteria.around <= created_at <= criteria.until:
        return 20, MatchReason("in_period", _("Within the time you gave"))
    edge = (
        criteria.around
        if criteria.until is None or created_at < criteria.around
        else criteria.until
    )
    minutes = round(abs(created_at - edge).total_seconds() / 60)
    points = 20 * max(0.0, 1 - minutes / (SLACK.total_seconds() / 60))
    if minutes < 1:
        return points, MatchReason("close_in_time", _("At the time you gave"))
    if minutes < 120:
        words = format_lazy(_("{minutes} min from the time you gave"), minutes=minutes)
    else:
        words = format_lazy(_("About {hours} h from the time you gave"), hours=round(minutes / 60))
    return points, MatchReason("close_in_time", words)


def _method_reasons(
    tx: TransactionInfo, criteria: TransactionCriteria, tails: dict[str, str]
) -> list[tuple[float, MatchReason]]:
    if tx.payment_method_ref is None:
        return []
    if criteria.payment_method_ref == tx.payment_method_ref:
        return [(15, MatchReason("same_method", _("Paid with the method you chose")))]
    tail = tails.get(tx.payment_method_ref, "")
    if tail and tail in _DIGITS.findall(criteria.payment_method_hint):
        words = format_lazy(_("Card or account ending {last4}, as you said"), last4=tail)
        return [(12, MatchReason("same_method", words))]
    return []


def _same_party(theirs: str, given: str) -> bool:
    a, b = (unicodedata.normalize("NFKC", s).casefold().strip() for s in (theirs, given))
    return bool(a and b) and (a in b or b in a)
