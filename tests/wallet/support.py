"""Small builders for wallet tests: amounts, keys and a seeded customer, made through the same
sandbox helpers the demo seed uses (no model factories: the rails are the only way money moves)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Sum

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    AccountInfo,
    Asset,
    MerchantInfo,
    Money,
    PaymentMethodInfo,
    PaymentMethodKind,
)
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.models import Entry, Posting, Transaction

# A Friday morning in Shanghai (02:00 UTC = 10:00 CST); every test runs on a frozen clock.
T0 = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)

_keys = itertools.count(1)


def key(prefix: str = "k") -> str:
    return f"{prefix}-{next(_keys)}"


def cny(amount: str) -> Money:
    return Money.from_decimal(amount, Asset.CNY)


def btc(amount: str) -> Money:
    return Money.from_decimal(amount, Asset.BTC)


def usdt(amount: str) -> Money:
    return Money.from_decimal(amount, Asset.USDT)


def card(account_ref: str, **overrides: Any) -> PaymentMethodInfo:
    fields: dict[str, Any] = {
        "kind": PaymentMethodKind.DEBIT_CARD,
        "issuer": "China Merchants Bank",
        "last4": "4242",
        "expiry_month": 12,
        "expiry_year": 2030,
    }
    fields.update(overrides)
    return seeding.add_payment_method(account_ref, **fields)


def bank(account_ref: str, **overrides: Any) -> PaymentMethodInfo:
    fields: dict[str, Any] = {
        "kind": PaymentMethodKind.BANK_ACCOUNT,
        "issuer": "ICBC",
        "last4": "0088",
    }
    fields.update(overrides)
    return seeding.add_payment_method(account_ref, **fields)


def merchant(name: str = "Lucky Coffee", **overrides: Any) -> MerchantInfo:
    return seeding.add_merchant(name, category="food", **overrides)


@dataclass(frozen=True)
class Customer:
    account: AccountInfo
    card: PaymentMethodInfo

    @property
    def ref(self) -> str:
        return self.account.ref


def customer(name: str = "王小明", *, balance: str = "1000.00", **open_kw: Any) -> Customer:
    """An account with a working debit card, topped up with `balance` CNY at T0."""
    with clock.frozen_at(T0):
        account = seeding.open_account(name, **open_kw)
        method = card(account.ref)
        if Money.from_decimal(balance, Asset.CNY).amount_minor:
            rails.top_up(account.ref, cny(balance), payment_method_ref=method.ref, key=key("seed"))
    return Customer(account, method)


def wallet_balance(account_ref: str, asset: Asset = Asset.CNY, code: str = "wallet") -> int:
    """Straight from the entries, independent of the gateway's query."""
    total = Entry.objects.filter(
        book__owner__ref=account_ref, book__code=code, book__asset=asset
    ).aggregate(total=Sum("amount_minor"))["total"]
    return int(total or 0)


def counts() -> tuple[int, int, int]:
    """(transactions, postings, entries) — to prove that something did or did not happen."""
    return Transaction.objects.count(), Posting.objects.count(), Entry.objects.count()
