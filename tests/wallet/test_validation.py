"""Requests the wallet refuses outright (nothing recorded), and the object-level safety of refs:
one customer's ref never reaches another customer's card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tests.wallet.support import T0, bank, btc, card, cny, counts, customer, key, merchant
from walletdesk.core.errors import DomainError
from walletdesk.wallet.contracts import Money, PaymentMethodKind
from walletdesk.wallet.errors import (
    AccountNotFound,
    InvalidWalletRequest,
    MerchantNotFound,
    PaymentMethodNotFound,
    WalletError,
)
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway

pytestmark = pytest.mark.django_db


def test_another_customers_card_is_not_found() -> None:
    owner, stranger = customer("甲"), customer("乙", balance="0")
    before = counts()
    with pytest.raises(PaymentMethodNotFound):
        rails.top_up(stranger.ref, cny("100.00"), payment_method_ref=owner.card.ref, key=key())
    with pytest.raises(PaymentMethodNotFound):
        rails.pay(
            stranger.ref, cny("1"), merchant_ref=merchant().ref, key=key(),
            payment_method_ref=owner.card.ref,
        )  # fmt: skip
    assert counts() == before


REFUSALS: dict[str, tuple[type[WalletError], Callable[[str, str, str], object]]] = {
    "unknown sender": (
        AccountNotFound,
        lambda _me, other, _shop: rails.transfer("wal_ghost", other, cny("1"), key=key()),
    ),
    "unknown receiver": (
        AccountNotFound,
        lambda me, _other, _shop: rails.transfer(me, "wal_ghost", cny("1"), key=key()),
    ),
    "unknown merchant": (
        MerchantNotFound,
        lambda me, _other, _shop: rails.pay(me, cny("1"), merchant_ref="mch_ghost", key=key()),
    ),
    "zero amount": (
        InvalidWalletRequest,
        lambda me, _other, shop: rails.pay(me, cny("0"), merchant_ref=shop, key=key()),
    ),
    "negative amount": (
        InvalidWalletRequest,
        lambda me, other, _shop: rails.transfer(me, other, Money(-100, cny("1").asset), key=key()),
    ),
    "transfer to self": (
        InvalidWalletRequest,
        lambda me, _other, _shop: rails.transfer(me, me, cny("1"), key=key()),
    ),
    "bitcoin by card": (
        InvalidWalletRequest,
        lambda me, _other, _shop: rails.top_up(
            me, btc("0.1"), payment_method_ref=card(me, last4="1212").ref, key=key()
        ),
    ),
    "withdraw to a card": (
        InvalidWalletRequest,
        lambda me, _other, _shop: rails.withdraw(
            me, cny("1"), payment_method_ref=card(me, last4="3434").ref, key=key()
        ),
    ),
}


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused_requests_record_nothing(
    refusal: tuple[type[WalletError], Callable[[str, str, str], object]],
) -> None:
    error, call = refusal
    me, other, shop = customer("甲").ref, customer("乙").ref, merchant().ref
    before = counts()
    with pytest.raises(error):
        call(me, other, shop)
    assert counts()[:2] == before[:2]


SEEDING_MISTAKES: dict[str, Callable[[str], object]] = {
    "three digits": lambda ref: card(ref, last4="424"),
    "full number": lambda ref: card(ref, last4="4242424242424242"),
    "card without expiry": lambda ref: card(ref, expiry_month=None, expiry_year=None),
    "month 13": lambda ref: card(ref, expiry_month=13),
    "bank with expiry": lambda ref: bank(ref, expiry_month=1, expiry_year=2030),
    "ref without prefix": lambda ref: card(ref, ref="card_1"),
    "taken account ref": lambda ref: seeding.open_account("copy", ref=ref),
    "bad merchant ref": lambda _ref: seeding.add_merchant("x", ref="mch_with space"),
}


@pytest.mark.parametrize("mistake", SEEDING_MISTAKES.values(), ids=SEEDING_MISTAKES.keys())
def test_seeding_validates_its_input(mistake: Callable[[str], object]) -> None:
    ref = seeding.open_account("王小明").ref
    with pytest.raises(InvalidWalletRequest):
        mistake(ref)


def test_seeding_keeps_given_refs_and_kinds() -> None:
    account = seeding.open_account("王小明", ref="wal_demo_wang")
    method = seeding.add_payment_method(
        account.ref, kind=PaymentMethodKind.CREDIT_CARD, issuer="Bank of China", last4="0009",
        expiry_month=6, expiry_year=2027, ref="pm_demo_boc",
    )  # fmt: skip
    assert (account.ref, method.ref, method.kind) == ("wal_demo_wang", "pm_demo_boc", "credit_card")


GATEWAY_MISTAKES: dict[str, Callable[[SandboxWalletGateway, str], object]] = {
    "freeze without reason": lambda g, ref: g.freeze(ref, actor="agent", reason=" "),
    "freeze without actor": lambda g, ref: g.freeze(ref, actor="", reason="stolen"),
    "endless reason": lambda g, ref: g.freeze(ref, actor="agent", reason="x" * 501),
    "limit zero": lambda g, ref: g.list_transactions(ref, limit=0),
    "limit huge": lambda g, ref: g.list_transactions(ref, limit=10_000),
    "naive time": lambda g, ref: g.find_transactions(ref, around=datetime(2025, 3, 14)),  # noqa: DTZ001
    "negative window": lambda g, ref: g.find_transactions(
        ref, around=T0, window=timedelta(hours=-1)
    ),
}


@pytest.mark.parametrize("mistake", GATEWAY_MISTAKES.values(), ids=GATEWAY_MISTAKES.keys())
def test_gateway_refuses_unusable_arguments(
    mistake: Callable[[SandboxWalletGateway, str], object],
) -> None:
    ref = seeding.open_account("王小明").ref
    with pytest.raises(InvalidWalletRequest) as raised:
        mistake(SandboxWalletGateway(), ref)
    assert isinstance(raised.value, DomainError)
    assert raised.value.status == 400
    assert SandboxWalletGateway().get_account(ref).frozen_at is None
