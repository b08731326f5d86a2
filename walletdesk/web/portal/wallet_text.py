"""Wallet data in the customer's words: plain explanations, masked numbers, Beijing time.

The wallet's contracts carry short labels; a customer looking at a failed payment needs a
sentence that says what went wrong and what to do next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from walletdesk.core.masking import card_tail
from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    PaymentMethodInfo,
    TransactionInfo,
)

BEIJING: Final = ZoneInfo("Asia/Shanghai")
_NOT_DIGITS = re.compile(r"\D")

FAILURE_EXPLANATIONS: dict[FailureCode, Promise] = {
    FailureCode.INSUFFICIENT_BALANCE: _(
        "Your wallet balance was not enough for this payment. Top up your wallet and try again."
    ),
    FailureCode.PAYMENT_METHOD_EXPIRED: _(
        "The card or account you paid with has expired. Add a valid payment method and try again."
    ),
    FailureCode.ISSUER_DECLINED: _(
        "Your bank or card issuer declined the payment. Please ask them why, or use another "
        "payment method."
    ),
    FailureCode.ISSUER_INSUFFICIENT_FUNDS: _(
        "Your bank account or card did not have enough money for this payment."
    ),
    FailureCode.MERCHANT_UNAVAILABLE: _(
        "The merchant's payment system was down or under maintenance. Please try again later."
    ),
    FailureCode.RISK_HOLD: _(
        "We are holding this transaction for a safety check. If it is still held after one "
        "day, contact us."
    ),
    FailureCode.LIMIT_EXCEEDED: _(
        "The amount is over the limit for one transaction or for the day on your account."
    ),
    FailureCode.NETWORK_TIMEOUT: _(
        "The payment network did not answer in time. Check your balance before you try again."
    ),
    FailureCode.WRONG_NETWORK: _(
        "The deposit was sent on a different blockchain network from the one your deposit "
        "address uses. Contact us with the transaction hash."
    ),
    FailureCode.MISSING_MEMO: _(
        "The deposit arrived without the memo or tag your address needs, so it could not be "
        "matched to your wallet. Contact us with the transaction hash."
    ),
    FailureCode.AWAITING_CONFIRMATIONS: _(
        "The deposit is waiting for more confirmations on the blockchain. It is credited "
        "automatically once there are enough."
    ),
}
_UNEXPLAINED = _("The transaction did not go through. Contact us and we will look into it.")


def beijing_time(moment: datetime) -> str:
    """A moment as the customer reads it: Beijing time, the same digits in every language."""
    return dateformat.format(moment.astimezone(BEIJING), "Y-m-d H:i")


def failure_explanation(tx: TransactionInfo) -> str | Promise | None:
    if tx.failure_code is None:
        return None
    return FAILURE_EXPLANATIONS.get(tx.failure_code, _UNEXPLAINED)


def signed_amount(tx: TransactionInfo) -> str:
    """The amount with the way it moved: "+100.00 CNY" in, a minus sign (U+2212) out."""
    sign = "+" if tx.direction == Direction.IN else "\u2212"
    return f"{sign}{tx.amount}"


def masked_number(method: PaymentMethodInfo) -> str:
    """Four dots and the last four digits, whatever shape the gateway sent: no more ever shows."""
    return card_tail(method.masked_number)


def expiry(method: PaymentMethodInfo) -> str:
    if method.expiry_month is None or method.expiry_year is None:
        return ""
    return f"{method.expiry_month:02d}/{method.expiry_year}"


def transaction_choice_label(tx: TransactionInfo) -> str:
    """One line per transaction in the contact form's picker."""
    parts = (beijing_time(tx.created_at), tx.kind.label, signed_amount(tx), tx.status.label)
    return " · ".join(parts)


@dataclass(frozen=True)
class TransactionRow:
    tx: TransactionInfo
    when: str
    amount: str
    explanation: str | Promise | None

    @classmethod
    def of(cls, tx: TransactionInfo) -> TransactionRow:
        return cls(
            tx=tx,
            when=beijing_time(tx.created_at),
            amount=signed_amount(tx),
            explanation=failure_explanation(tx),
        )


@dataclass(frozen=True)
class PaymentMethodRow:
    method: PaymentMethodInfo
    number: str
    expiry: str

    @classmethod
    def of(cls, method: PaymentMethodInfo) -> PaymentMethodRow:
        return cls(method=method, number=masked_number(method), expiry=expiry(method))
