"""Who each demo customer banks with and how they spend: their cards, bank account and habits.

Customers differ so that the demo shows what support really sees: different banks and last
digits, some paying in US dollars, some with a second card, English-speaking customers at
English-named banks and shops. The everyday history is worked out from the customer's key
(a hash, never a random draw at run time), so every seed produces the same amounts, shops and
times, and the same transaction refs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind


@dataclass(frozen=True)
class Method:
    """A linked card (with expiry) or bank account (without)."""

    kind: PaymentMethodKind
    issuer: str
    last4: str
    expiry: tuple[int, int] | None = None  # (month, year)


def debit(issuer: str, last4: str, month: int, year: int) -> Method:
    return Method(PaymentMethodKind.DEBIT_CARD, issuer, last4, (month, year))


def credit(issuer: str, last4: str, month: int, year: int) -> Method:
    return Method(PaymentMethodKind.CREDIT_CARD, issuer, last4, (month, year))


def bank(issuer: str, last4: str) -> Method:
    return Method(PaymentMethodKind.BANK_ACCOUNT, issuer, last4)


@dataclass(frozen=True)
class Profile:
    currency: Asset
    card: Method  # the everyday card: top-ups come from it
    bank: Method  # withdrawals go to it
    merchants: tuple[str, ...]  # operational shops they use day to day
    opening: str  # the first top-up, in major units: enough for every later story
    second_card: Method | None = None
    crypto: bool = False  # also holds USDT and BTC

    @property
    def assets(self) -> tuple[Asset, ...]:
        return (self.currency, Asset.USDT, Asset.BTC) if self.crypto else (self.currency,)


PROFILES: dict[str, Profile] = {
    "demo": Profile(
        Asset.CNY,
        debit("招商银行", "4821", 8, 2029),
        bank("中国工商银行", "7730"),
        ("mch_orange_market", "mch_galaxy_books", "mch_haowei_food"),
        "3000.00",
        second_card=credit("交通银行", "6604", 3, 2028),
    ),
    "li": Profile(
        Asset.CNY,
        debit("中国建设银行", "2375", 11, 2028),
        bank("中国建设银行", "9012"),
        ("mch_xinguang_store", "mch_metro_card", "mch_orange_market"),
        "5000.00",
    ),
    "zhang": Profile(
        Asset.CNY,
        debit("中国农业银行", "5530", 2, 2030),
        bank("中国农业银行", "1846"),
        ("mch_metro_card", "mch_haowei_food", "mch_galaxy_books"),
        "2600.00",
    ),
    "liu": Profile(
        Asset.CNY,
        debit("平安银行", "0917", 5, 2028),
        bank("平安银行", "4460"),
        ("mch_haowei_food", "mch_orange_market", "mch_metro_card"),
        "2200.00",
    ),
    "chen": Profile(
        Asset.CNY,
        debit("浦发银行", "3362", 9, 2027),
        bank("浦发银行", "8104"),
        ("mch_galaxy_books", "mch_xinguang_store", "mch_haowei_food"),
        "2000.00",
        crypto=True,
    ),
    "yang": Profile(
        Asset.CNY,
        debit("中信银行", "7148", 1, 2029),
        bank("中国银行", "6071"),
        ("mch_xinguang_store", "mch_orange_market", "mch_galaxy_books"),
        "4000.00",
        second_card=credit("广发银行", "2290", 12, 2027),
    ),
    "zhao": Profile(
        Asset.CNY,
        debit("兴业银行", "4417", 7, 2029),
        bank("兴业银行", "3958"),
        ("mch_metro_card", "mch_xinguang_store", "mch_haowei_food"),
        "8000.00",
    ),
    "wu": Profile(
        Asset.CNY,
        debit("中国民生银行", "6283", 4, 2030),
        bank("中国民生银行", "5126"),
        ("mch_orange_market", "mch_metro_card", "mch_xinguang_store"),
        "12000.00",
    ),
    "zhou": Profile(
        Asset.CNY,
        debit("中国光大银行", "1975", 10, 2028),
        bank("中国邮政储蓄银行", "2841"),
        ("mch_haowei_food", "mch_galaxy_books", "mch_metro_card"),
        "2500.00",
        crypto=True,
    ),
    "emma": Profile(
        Asset.USD,
        debit("Barclays", "3317", 6, 2028),
        bank("Lloyds Bank", "5802"),
        ("mch_greenleaf", "mch_harbour_coffee", "mch_northwind"),
        "600.00",
    ),
    "james": Profile(
        Asset.USD,
        debit("Chase", "9046", 3, 2029),
        bank("Chase", "1163"),
        ("mch_citylink", "mch_harbour_coffee", "mch_greenleaf"),
        "800.00",
        crypto=True,
    ),
    "sofia": Profile(
        Asset.CNY,
        debit("Standard Chartered", "2759", 10, 2029),
        bank("HSBC", "6438"),
        ("mch_northwind", "mch_greenleaf", "mch_citylink"),
        "3500.00",
    ),
    "arjun": Profile(
        Asset.CNY,
        debit("Citibank", "8821", 2, 2028),
        bank("Citibank", "0335"),
        ("mch_harbour_coffee", "mch_citylink", "mch_northwind"),
        "6000.00",
        second_card=credit("HSBC", "4109", 8, 2030),
    ),
    "hannah": Profile(
        Asset.USD,
        debit("Bank of America", "7712", 11, 2027),
        bank("Bank of America", "2086"),
        ("mch_greenleaf", "mch_citylink", "mch_harbour_coffee"),
        "900.00",
    ),
    "olivia": Profile(
        Asset.USD,
        debit("Wells Fargo", "5264", 5, 2029),
        bank("Wells Fargo", "1427"),
        ("mch_northwind", "mch_harbour_coffee", "mch_greenleaf"),
        "700.00",
        second_card=credit("Capital One", "8390", 9, 2028),
    ),
    "daniel": Profile(
        Asset.USD,
        debit("Monzo", "6618", 7, 2028),
        bank("Monzo", "3094"),
        ("mch_citylink", "mch_greenleaf", "mch_northwind"),
        "450.00",
    ),
}

StepKind = Literal["top_up", "pay", "card_pay", "withdraw"]


@dataclass(frozen=True)
class Step:
    """One everyday transaction: what, how long ago, how much, and where (a merchant ref)."""

    kind: StepKind
    hours_ago: float
    amount: Money
    merchant: str = ""


# Everyday spending stays under these (payments x4 + one withdrawal), so `opening` covers it:
# at most 4 x 260 + 600 = 1,640 CNY, or 4 x 60 + 120 = 360 USD.
_PAYMENT_RANGE = {Asset.CNY: (18_00, 260_00), Asset.USD: (4_00, 60_00)}
_WITHDRAWAL = {Asset.CNY: (200_00, 600_00, 50_00), Asset.USD: (40_00, 120_00, 10_00)}
_DAYS_AGO = (46, 31, 19, 8, 4)


def everyday(key: str, profile: Profile) -> list[Step]:
    """The customer's ordinary months, oldest first, fixed by `key`."""
    digits = hashlib.sha256(key.encode()).digest()

    def pick(i: int, low: int, high: int) -> int:
        return low + int.from_bytes(digits[2 * i : 2 * i + 2], "big") % (high - low + 1)

    def hours(i: int, days: int) -> float:
        return days * 24 + pick(i, 0, 23 * 60) / 60

    asset = profile.currency
    steps = [
        Step("top_up", hours(0, 70 + pick(1, 0, 15)), Money.from_decimal(profile.opening, asset))
    ]
    low, high = _PAYMENT_RANGE[asset]
    for n, days in enumerate(_DAYS_AGO[:4]):
        shop = profile.merchants[(pick(2, 0, 2) + n) % len(profile.merchants)]
        amount = Money(pick(3 + n, low // 10, high // 10) * 10, asset)
        steps.append(Step("pay", hours(7 + n, days + pick(11 + n, 0, 3)), amount, shop))
    w_low, w_high, w_step = _WITHDRAWAL[asset]
    withdrawal = Money(w_low + pick(15, 0, (w_high - w_low) // w_step) * w_step, asset)
    steps.append(Step("withdraw", hours(5, 12 + pick(6, 0, 3)), withdrawal))
    if profile.second_card is not None:
        amount = Money(pick(4, high // 10, high // 4) * 10, asset)
        steps.append(Step("card_pay", hours(2, _DAYS_AGO[4] + 2), amount, profile.merchants[0]))
    return sorted(steps, key=lambda step: -step.hours_ago)
