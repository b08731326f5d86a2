"""Demo wallets: realistic histories in the sandbox ledger, one story per customer.

Every story goes through the sandbox rails, so the balances, failures and pending items the demo
shows are produced by the same code a test would exercise. Each customer's cards, bank and
everyday spending come from `profiles`; `build` returns the transaction refs each story's ticket
(and README's "Transaction diagnosis: try it") is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from walletdesk.core import clock
from walletdesk.demo import profiles
from walletdesk.demo.profiles import Method, Profile, Step
from walletdesk.wallet.contracts import (
    Asset,
    MerchantStatus,
    Money,
    PaymentMethodKind,
    TransactionInfo,
)
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import chain, corrections, rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

MERCHANTS = [
    ("mch_orange_market", "橙子超市", "groceries", MerchantStatus.OPERATIONAL),
    ("mch_galaxy_books", "星河书店", "books", MerchantStatus.OPERATIONAL),
    ("mch_haowei_food", "好味外卖", "food", MerchantStatus.OPERATIONAL),
    ("mch_metro_card", "城市地铁", "transport", MerchantStatus.OPERATIONAL),
    ("mch_xinguang_store", "新光百货", "retail", MerchantStatus.OPERATIONAL),
    ("mch_huamei_appliances", "华美电器", "electronics", MerchantStatus.OPERATIONAL),
    ("mch_cloudsea_cafe", "云海咖啡", "food", MerchantStatus.OUTAGE),
    ("mch_northwind", "Northwind Books", "books", MerchantStatus.OPERATIONAL),
    ("mch_greenleaf", "Greenleaf Grocers", "groceries", MerchantStatus.OPERATIONAL),
    ("mch_harbour_coffee", "Harbour Coffee", "food", MerchantStatus.OPERATIONAL),
    ("mch_citylink", "CityLink Transit", "transport", MerchantStatus.OPERATIONAL),
    ("mch_pixel_point", "Pixel Point Electronics", "electronics", MerchantStatus.OPERATIONAL),
    ("mch_atlas_travel", "Atlas Travel", "travel", MerchantStatus.MAINTENANCE),
]


def _link(account_ref: str, method: Method, ref: str) -> str:
    month, year = method.expiry if method.expiry else (None, None)
    return seeding.add_payment_method(
        account_ref,
        kind=method.kind,
        issuer=method.issuer,
        last4=method.last4,
        expiry_month=month,
        expiry_year=year,
        ref=ref,
    ).ref


class Story:
    """Builds one customer's wallet from their profile; `do(hours_ago, ...)` places each step in
    time, and numbers its key, so the same seed gives the same transaction refs."""

    def __init__(self, key: str, holder: str, now: dt.datetime, profile: Profile) -> None:
        self.key = key
        self.now = now
        self.steps = 0
        self.profile = profile
        with clock.frozen_at(now - dt.timedelta(days=90)):
            self.ref = seeding.open_account(
                holder, ref=f"wal_demo_{key}", assets=profile.assets
            ).ref
            self.debit = _link(self.ref, profile.card, f"pm_{key}_debit")
            self.bank = _link(self.ref, profile.bank, f"pm_{key}_bank")
            self.second = (
                _link(self.ref, profile.second_card, f"pm_{key}_card2")
                if profile.second_card is not None
                else None
            )

    def money(self, amount: str) -> Money:
        """An amount in the customer's own currency."""
        return Money.from_decimal(Decimal(amount), self.profile.currency)

    def do(self, hours_ago: float, action: Callable[[str], TransactionInfo]) -> TransactionInfo:
        self.steps += 1
        with clock.frozen_at(self.now - dt.timedelta(hours=hours_ago)):
            return action(f"demo-{self.key}-{self.steps}")

    def everyday(self) -> None:
        for step in profiles.everyday(self.key, self.profile):
            self.do(step.hours_ago, self._everyday_action(step))

    def _everyday_action(self, step: Step) -> Callable[[str], TransactionInfo]:
        if step.kind == "top_up":
            return lambda k: rails.top_up(
                self.ref, step.amount, payment_method_ref=self.debit, key=k
            )
        if step.kind == "withdraw":
            return lambda k: rails.withdraw(
                self.ref, step.amount, payment_method_ref=self.bank, key=k
            )
        card = self.second if step.kind == "card_pay" else None
        return lambda k: rails.pay(
            self.ref, step.amount, merchant_ref=step.merchant, payment_method_ref=card, key=k
        )


def seed_merchants() -> None:
    for ref, name, category, status in MERCHANTS:
        seeding.add_merchant(name, category=category, ref=ref, status=MerchantStatus.OPERATIONAL)
        if status != MerchantStatus.OPERATIONAL:
            seeding.set_merchant_status(ref, status)


def build(key: str, holder: str, story: str, now: dt.datetime) -> tuple[str, dict[str, str]]:
    """Open the wallet for `story`; return its ref and the refs of notable transactions."""
    s = Story(key, holder, now, profiles.PROFILES[key])
    s.everyday()
    notable: dict[str, str] = {}
    handler = _STORIES.get(story)
    if handler is not None:
        notable = handler(s)
    return s.ref, notable


def _topup_pending(s: Story) -> dict[str, str]:
    seeding.configure_payment_method(s.debit, issuer_behaviour=IssuerBehaviour.TIMEOUT)
    tx = s.do(
        21, lambda k: rails.top_up(s.ref, s.money("100.00"), payment_method_ref=s.debit, key=k)
    )
    return {"pending_topup": tx.ref}


def _stolen(s: Story) -> dict[str, str]:
    thief = seeding.open_account("张某", ref="wal_demo_mule", assets=(Asset.CNY,)).ref
    tx = s.do(8, lambda k: rails.transfer(s.ref, thief, s.money("1800.00"), key=k))
    with clock.frozen_at(s.now - dt.timedelta(hours=2, minutes=54)):
        get_gateway().freeze(s.ref, actor="security", reason="客户来电报告手机被盗，立即冻结")
    return {"unauthorised": tx.ref}


def _card_expired(s: Story) -> dict[str, str]:
    with clock.frozen_at(s.now - dt.timedelta(days=80)):
        credit = seeding.add_payment_method(
            s.ref,
            kind=PaymentMethodKind.CREDIT_CARD,
            issuer="中国银行",
            last4="1109",
            expiry_month=6,
            expiry_year=2025,
            ref=f"pm_{s.key}_credit",
        ).ref
    tx = s.do(
        51,
        lambda k: rails.pay(
            s.ref, s.money("399.00"), merchant_ref="mch_northwind", payment_method_ref=credit, key=k
        ),
    )
    again = s.do(
        50,
        lambda k: rails.pay(
            s.ref,
            s.money("158.00"),
            merchant_ref="mch_orange_market",
            payment_method_ref=credit,
            key=k,
        ),
    )
    return {"expired_card": tx.ref, "expired_card_again": again.ref}


def _merchant_down(s: Story) -> dict[str, str]:
    tx = s.do(
        9, lambda k: rails.pay(s.ref, s.money("32.00"), merchant_ref="mch_cloudsea_cafe", key=k)
    )
    return {"merchant_down": tx.ref}


def _wrong_network(s: Story) -> dict[str, str]:
    usdt = Money.from_decimal(Decimal("50"), Asset.USDT)
    tx = s.do(
        31,
        lambda k: chain.crypto_deposit(
            s.ref,
            usdt,
            network="ethereum",
            tx_hash="0x" + "7e3a" * 16,
            address="TQ7demoChenDepositAddr0000000000001",
            expected_network="tron",
            key=k,
        ),
    )
    return {"wrong_network": tx.ref}


def _refunded(s: Story) -> dict[str, str]:
    paid = s.do(
        130, lambda k: rails.pay(s.ref, s.money("299.00"), merchant_ref="mch_galaxy_books", key=k)
    )
    refund = s.do(117, lambda k: corrections.refund(paid.ref, key=k))
    return {"refunded": refund.ref, "original": paid.ref}


def _declined(s: Story) -> dict[str, str]:
    seeding.configure_payment_method(s.debit, issuer_behaviour=IssuerBehaviour.DECLINE)
    tx = s.do(
        27, lambda k: rails.top_up(s.ref, s.money("150.00"), payment_method_ref=s.debit, key=k)
    )
    seeding.configure_payment_method(s.debit, issuer_behaviour=IssuerBehaviour.INSUFFICIENT_FUNDS)
    short = s.do(
        26, lambda k: rails.top_up(s.ref, s.money("150.00"), payment_method_ref=s.debit, key=k)
    )
    return {"declined": tx.ref, "bank_short": short.ref}


def _awaiting_confirmations(s: Story) -> dict[str, str]:
    btc = Money.from_decimal(Decimal("0.01"), Asset.BTC)
    tx = s.do(
        2,
        lambda k: chain.crypto_deposit(
            s.ref,
            btc,
            network="bitcoin",
            tx_hash="b1" * 32,
            address="bc1qdemojamesdeposit00000000000000000",
            confirmations=1,
            key=k,
        ),
    )
    return {"awaiting_confirmations": tx.ref}


def _reversed(s: Story) -> dict[str, str]:
    paid = s.do(
        75, lambda k: rails.pay(s.ref, s.money("560.00"), merchant_ref="mch_northwind", key=k)
    )
    s.do(72, lambda k: corrections.reverse(paid.ref, key=k))
    return {"reversed": paid.ref}


def _limit(s: Story) -> dict[str, str]:
    brother = seeding.open_account("Rohan Mehta", ref="wal_demo_rohan", assets=(Asset.CNY,)).ref
    tx = s.do(13, lambda k: rails.transfer(s.ref, brother, s.money("60000.00"), key=k))
    s.do(12, lambda k: rails.pay(s.ref, s.money("1500.00"), merchant_ref="mch_northwind", key=k))
    return {"limit": tx.ref}


def _frozen(s: Story) -> dict[str, str]:
    with clock.frozen_at(s.now - dt.timedelta(hours=7)):
        get_gateway().freeze(
            s.ref, actor="risk-engine", reason="Unusual sign-in from a new country"
        )
    return {}


def _risk_hold(s: Story) -> dict[str, str]:
    tx = s.do(
        5,
        lambda k: rails.pay(s.ref, s.money("6800.00"), merchant_ref="mch_huamei_appliances", key=k),
    )
    return {"risk_hold": tx.ref}


def _missing_memo(s: Story) -> dict[str, str]:
    usdt = Money.from_decimal(Decimal("120"), Asset.USDT)
    tx = s.do(
        6,
        lambda k: chain.crypto_deposit(
            s.ref,
            usdt,
            network="tron",
            tx_hash="9c4f" * 16,
            address="TQ7demoZhouDepositAddr0000000000002",
            memo_required=True,
            confirmations=25,
            key=k,
        ),
    )
    return {"missing_memo": tx.ref}


def _credited(s: Story) -> dict[str, str]:
    tx = s.do(
        3, lambda k: rails.top_up(s.ref, s.money("250.00"), payment_method_ref=s.debit, key=k)
    )
    return {"credited": tx.ref}


def _short(s: Story) -> dict[str, str]:
    tx = s.do(
        4, lambda k: rails.pay(s.ref, s.money("780.00"), merchant_ref="mch_pixel_point", key=k)
    )
    return {"short": tx.ref}


_STORIES: dict[str, Callable[[Story], dict[str, str]]] = {
    "topup_pending": _topup_pending,
    "stolen": _stolen,
    "card_expired": _card_expired,
    "merchant_outage": _merchant_down,
    "crypto_wrong_network": _wrong_network,
    "refund": _refunded,
    "declined": _declined,
    "crypto_pending": _awaiting_confirmations,
    "reversed": _reversed,
    "limit": _limit,
    "frozen": _frozen,
    "risk_hold": _risk_hold,
    "missing_memo": _missing_memo,
    "credited": _credited,
    "short_balance": _short,
}
