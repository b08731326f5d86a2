"""The demo's diagnosis stories: which customer to sign in as to see each outcome and cause.

One row per transaction a person can diagnose by hand in `make run`. README's "Transaction
diagnosis: try it" lists the same rows, and `tests/demo/test_diagnosis_stories.py` holds the seed
to both, so the table people read cannot drift from the wallets the seed builds.
"""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.intake.diagnosis.contracts import Outcome
from walletdesk.vocab.choices import ProblemType
from walletdesk.wallet.contracts import FailureCode, TransactionStatus


@dataclass(frozen=True)
class DiagnosisStory:
    customer: str  # a DemoCustomer key
    notable: str  # which of the customer's notable transactions (`wallets.build`)
    problem_type: ProblemType
    hours_ago: int
    amount: str  # as README writes it: "100.00 CNY"
    status: TransactionStatus
    cause: FailureCode | None  # None: nothing went wrong
    outcome: Outcome


_P = ProblemType
_S = TransactionStatus
_F = FailureCode
_O = Outcome

# fmt: off
STORIES = [
    DiagnosisStory(
        "demo", "pending_topup", _P.TOPUP_NOT_CREDITED, 21, "100.00 CNY",
        _S.PENDING, _F.NETWORK_TIMEOUT, _O.WAIT,
    ),
    DiagnosisStory(
        "zhang", "expired_card", _P.PAYMENT_METHOD, 51, "399.00 CNY",
        _S.FAILED, _F.PAYMENT_METHOD_EXPIRED, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "liu", "merchant_down", _P.TRANSACTION_FAILED, 9, "32.00 CNY",
        _S.FAILED, _F.MERCHANT_UNAVAILABLE, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "chen", "wrong_network", _P.TOPUP_NOT_CREDITED, 31, "50.000000 USDT",
        _S.FAILED, _F.WRONG_NETWORK, _O.NEEDS_PERSON,
    ),
    DiagnosisStory(
        "wu", "risk_hold", _P.TRANSACTION_FAILED, 5, "6,800.00 CNY",
        _S.PENDING, _F.RISK_HOLD, _O.WAIT,
    ),
    DiagnosisStory(
        "zhou", "missing_memo", _P.TOPUP_NOT_CREDITED, 6, "120.000000 USDT",
        _S.PENDING, _F.MISSING_MEMO, _O.NEEDS_PERSON,
    ),
    DiagnosisStory(
        "emma", "declined", _P.PAYMENT_METHOD, 27, "150.00 USD",
        _S.FAILED, _F.ISSUER_DECLINED, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "emma", "bank_short", _P.PAYMENT_METHOD, 26, "150.00 USD",
        _S.FAILED, _F.ISSUER_INSUFFICIENT_FUNDS, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "james", "awaiting_confirmations", _P.TOPUP_NOT_CREDITED, 2, "0.01000000 BTC",
        _S.PENDING, _F.AWAITING_CONFIRMATIONS, _O.WAIT,
    ),
    DiagnosisStory(
        "arjun", "limit", _P.TRANSACTION_FAILED, 13, "60,000.00 CNY",
        _S.FAILED, _F.LIMIT_EXCEEDED, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "daniel", "short", _P.TRANSACTION_FAILED, 4, "780.00 USD",
        _S.FAILED, _F.INSUFFICIENT_BALANCE, _O.FIXABLE_NOW,
    ),
    DiagnosisStory(
        "olivia", "credited", _P.TOPUP_NOT_CREDITED, 3, "250.00 USD",
        _S.SUCCEEDED, None, _O.NO_FAULT,
    ),
    DiagnosisStory(
        "sofia", "reversed", _P.TRANSACTION_FAILED, 75, "560.00 CNY",
        _S.REVERSED, None, _O.NO_FAULT,
    ),
]
# fmt: on
