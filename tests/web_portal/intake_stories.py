"""Sandbox wallets in the states the intake diagnoses: each story makes one transaction through
the sandbox's own rails and chain, at a known Beijing time, and says how a customer would
describe it on the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from walletdesk.core import clock
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind, TransactionInfo
from walletdesk.wallet.sandbox import chain, rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

TRON_ADDRESS = "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"
ETH_HASH = "0x" + "ab" * 32
TRON_HASH = "cd" * 32


@dataclass(frozen=True)
class Story:
    account_ref: str
    transaction: TransactionInfo
    # What the customer types on the form: Beijing time, as a datetime-local input sends it.
    form: dict[str, str]


@dataclass(frozen=True)
class Wallet:
    account_ref: str
    card_ref: str


def wallet(name: str = "王小明") -> Wallet:
    """An account holding yuan and USDT with one debit card."""
    account = seeding.open_account(name, assets=(Asset.CNY, Asset.USDT))
    card = seeding.add_payment_method(
        account.ref,
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="China Merchants Bank",
        last4="4242",
        expiry_month=12,
        expiry_year=2099,
    )
    return Wallet(account.ref, card.ref)


def _when(days_ago: int) -> dt.datetime:
    """10:15 Beijing time, `days_ago` days before today (never in the future)."""
    today = clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, 2, 15, tzinfo=dt.UTC)


def _form(moment: dt.datetime, amount: str, currency: str, **extra: str) -> dict[str, str]:
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
    return {
        "occurred_at": local.strftime("%Y-%m-%dT%H:%M"),
        "amount": amount,
        "currency": currency,
        **extra,
    }


def topup_timed_out(w: Wallet, *, days_ago: int) -> Story:
    """A card top-up the bank never answered: pending, the reversal promised after 48 hours
    (overdue once `days_ago` is 3 or more)."""
    seeding.configure_payment_method(w.card_ref, issuer_behaviour=IssuerBehaviour.TIMEOUT)
    moment = _when(days_ago)
    with clock.frozen_at(moment):
        tx = rails.top_up(
            w.account_ref,
            Money(500_00, Asset.CNY),
            payment_method_ref=w.card_ref,
            key=f"t{days_ago}",
        )
    return Story(w.account_ref, tx, _form(moment, "500.00", "CNY"))


def topup_declined(w: Wallet) -> Story:
    seeding.configure_payment_method(w.card_ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    moment = _when(1)
    with clock.frozen_at(moment):
        tx = rails.top_up(
            w.account_ref, Money(300_00, Asset.CNY), payment_method_ref=w.card_ref, key="declined"
        )
    return Story(w.account_ref, tx, _form(moment, "300.00", "CNY"))


def topup_succeeded(w: Wallet) -> Story:
    moment = _when(1)
    with clock.frozen_at(moment):
        tx = rails.top_up(
            w.account_ref, Money(200_00, Asset.CNY), payment_method_ref=w.card_ref, key="fine"
        )
    return Story(w.account_ref, tx, _form(moment, "200.00", "CNY"))


def usdt_wrong_network(w: Wallet) -> Story:
    """USDT sent on Ethereum to the customer's TRON address: it never reaches the wallet."""
    seeding.add_deposit_address(
        w.account_ref, asset=Asset.USDT, network="tron", address=TRON_ADDRESS
    )
    moment = _when(1)
    with clock.frozen_at(moment):
        tx = chain.crypto_deposit(
            w.account_ref,
            Money(50_000000, Asset.USDT),
            network="ethereum",
            tx_hash=ETH_HASH,
            address=TRON_ADDRESS,
            key="wrong-network",
            confirmations=20,
        )
    return Story(
        w.account_ref,
        tx,
        _form(moment, "50", "USDT", network="ethereum", tx_hash=ETH_HASH, address=TRON_ADDRESS),
    )


def usdt_confirming(w: Wallet) -> Story:
    """USDT on TRON with one confirmation of the many needed: credited by itself soon."""
    seeding.add_deposit_address(
        w.account_ref, asset=Asset.USDT, network="tron", address=TRON_ADDRESS
    )
    moment = clock.now() - dt.timedelta(minutes=1)
    with clock.frozen_at(moment):
        tx = chain.crypto_deposit(
            w.account_ref,
            Money(20_000000, Asset.USDT),
            network="tron",
            tx_hash=TRON_HASH,
            address=TRON_ADDRESS,
            key="confirming",
            confirmations=1,
        )
    return Story(
        w.account_ref,
        tx,
        _form(moment, "20", "USDT", network="tron", tx_hash=TRON_HASH, address=TRON_ADDRESS),
    )
