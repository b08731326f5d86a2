"""Wallet data in the customer's words: plain explanations, masked numbers, Beijing time.

The wallet's contracts carry short labels; a customer looking at a failed payment needs a
sentence that says what went wrong and what to do next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from walletdesk.core.masking import card_tail
from walletdesk.wallet.contracts import (
    Asset,
    Direction,
    FailureCode,
    Money,
    PaymentMethodInfo,
    TransactionInfo,
    TransactionStatus,
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
# A reversal carries no code of its own: what it meant for the customer depends on the direction.
_REVERSED_OUT = _(
    "This transaction was reversed, for example after a refund by the merchant, a chargeback or "
    "a correction by us, so the money went back to your wallet."
)
_REVERSED_IN = _(
    "This transaction was reversed, for example because the sender's bank recalled it or we "
    "corrected a mistake, so the money was taken back out of your wallet."
)
_SYMBOLS: Final = {Asset.CNY: "¥", Asset.USD: "US$"}


def beijing_time(moment: datetime) -> str:
    """A moment as the customer reads it: Beijing time, the same digits in every language."""
    return dateformat.format(moment.astimezone(BEIJING), "Y-m-d H:i")


def short_time(moment: datetime) -> str:
    """ "3 Nov 14:02" in English, "11月3日 14:02" in Chinese: Beijing time, no year."""
    # Translators: a PHP-style date format (Django's `date` filter) for a day and a time.
    return dateformat.format(moment.astimezone(BEIJING), pgettext("short time", "j M H:i"))


def failure_explanation(tx: TransactionInfo) -> str | Promise | None:
    if tx.status == TransactionStatus.REVERSED and tx.failure_code is None:
        return _REVERSED_IN if tx.direction == Direction.IN else _REVERSED_OUT
    if tx.failure_code is None:
        return None
    return FAILURE_EXPLANATIONS.get(tx.failure_code, _UNEXPLAINED)


def money_text(money: Money, *, signed: Direction | None = None) -> str:
    """¥100.00 for yuan and dollars, "0.500000 USDT" for the rest; with a sign when asked."""
    symbol = _SYMBOLS.get(money.asset)
    amount = f"{money.decimal:,.{money.precision}f}"
    text = f"{symbol}{amount}" if symbol else f"{amount} {money.asset.value}"
    if signed is None:
        return text
    return ("+" if signed == Direction.IN else "\u2212") + text


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


def method_text(method: PaymentMethodInfo) -> str:
    """ "China Merchants Bank debit card •••• 4242": who issued it, what it is, its last digits."""
    kind = str(method.kind.label)
    if not (get_language() or "").startswith("zh"):
        # "Barclays debit card", and "Lloyds Bank account" rather than "Lloyds Bank Bank account".
        kind = kind[:1].lower() + kind[1:]
        first, space, rest = kind.partition(" ")
        if space and method.issuer.rsplit(" ", 1)[-1].lower() == first:
            kind = rest
    return gettext("%(issuer)s %(kind)s %(number)s") % {
        "issuer": method.issuer,
        "kind": kind,
        "number": masked_number(method),
    }


def how_paid(tx: TransactionInfo, methods: Mapping[str, PaymentMethodInfo]) -> str:
    """The card or account the money moved through, else the merchant or person on the other
    side (a payment's merchant), else the network of a crypto transfer."""
    method = methods.get(tx.payment_method_ref or "")
    if method is not None:
        return method_text(method)
    if tx.counterparty:
        return tx.counterparty
    if tx.crypto is not None:
        return network_name(tx.crypto.network)
    return ""


def network_name(code: str) -> str:
    """A blockchain network as people call it, not the wallet core's code for it."""
    names = {
        "bitcoin": _("Bitcoin"),
        "ethereum": _("Ethereum (ERC-20)"),
        "tron": _("TRON (TRC-20)"),
    }
    return str(names.get(code, code))


def transaction_line(tx: TransactionInfo, methods: Mapping[str, PaymentMethodInfo]) -> str:
    """One transaction as the customer recognises it, never by its internal id:
    "3 Nov 14:02 · −¥100.00 · Payment · Tea House · Failed"."""
    parts = [short_time(tx.created_at), money_text(tx.amount, signed=tx.direction), tx.kind.label]
    paid = how_paid(tx, methods)
    if paid:
        parts.append(paid)
    if tx.status != TransactionStatus.SUCCEEDED:
        parts.append(tx.status.label)
    return " · ".join(parts)


def methods_by_ref(methods: Iterable[PaymentMethodInfo]) -> dict[str, PaymentMethodInfo]:
    return {method.ref: method for method in methods}


def transaction_choice_label(
    tx: TransactionInfo, methods: Mapping[str, PaymentMethodInfo] | None = None
) -> str:
    """One line per transaction in the contact form's picker."""
    return transaction_line(tx, methods or {})


@dataclass(frozen=True)
class TransactionRow:
    tx: TransactionInfo
    when: str
    amount: str
    explanation: str | Promise | None
    paid: str = ""

    @classmethod
    def of(
        cls, tx: TransactionInfo, methods: Mapping[str, PaymentMethodInfo] | None = None
    ) -> TransactionRow:
        return cls(
            tx=tx,
            when=beijing_time(tx.created_at),
            amount=signed_amount(tx),
            explanation=failure_explanation(tx),
            paid=how_paid(tx, methods or {}),
        )


@dataclass(frozen=True)
class PaymentMethodRow:
    method: PaymentMethodInfo
    number: str
    expiry: str

    @classmethod
    def of(cls, method: PaymentMethodInfo) -> PaymentMethodRow:
        return cls(method=method, number=masked_number(method), expiry=expiry(method))
