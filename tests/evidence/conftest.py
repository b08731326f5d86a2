"""A robbed customer's world for the evidence bundle: a sandbox wallet with Chinese merchants,
a card payment, a crypto withdrawal, a frozen account, a ticket with the customer's words, an
agent's reply and an internal note, and a few security events — all made by the services."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdf
import pytest

from walletdesk.core import clock
from walletdesk.identity.models import Customer, User
from walletdesk.security.events import security_event_record
from walletdesk.security.models import SecurityEventKind
from walletdesk.tickets.choices import Channel, MessageKind, ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, message_add, ticket_create
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import chain, rails, seeding

# 10:00 Beijing time on 1 March 2026: the theft happens that morning.
STARTED = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)
PERIOD = (dt.date(2026, 2, 20), dt.date(2026, 3, 10))
INTERNAL_NOTE = "内部备注：疑似团伙作案 INTERNAL-ONLY-7731"
CARD_IN_MESSAGE = "4111 1111 1111 1111"
STOLEN_WORDS = "我的钱包被盗了，有人在橙子超市刷走了我的钱。"


def at(minutes: int) -> Any:
    return clock.frozen_at(STARTED + dt.timedelta(minutes=minutes))


def stage_wallet(holder: str, *, payments: int = 2) -> str:
    """A wallet that was topped up, robbed at 橙子超市 and 星河书店, and sent USDT away."""
    with at(-60 * 24 * 30):
        account = seeding.open_account(holder, assets=(Asset.CNY, Asset.USDT))
        card = seeding.add_payment_method(
            account.ref,
            kind=PaymentMethodKind.DEBIT_CARD,
            issuer="招商银行",
            last4="4821",
            expiry_month=8,
            expiry_year=2099,
        )
        orange = seeding.add_merchant("橙子超市", category="groceries")
        books = seeding.add_merchant("星河书店", category="books")
    with at(0):
        rails.top_up(
            account.ref, Money(2_000_000, Asset.CNY), payment_method_ref=card.ref, key="top-1"
        )
    for n in range(payments):
        shop = orange if n % 2 == 0 else books
        with at(5 + n):
            rails.pay(
                account.ref, Money(12_345 + n, Asset.CNY), merchant_ref=shop.ref, key=f"pay-{n}"
            )
    with at(3):
        chain.crypto_deposit(
            account.ref,
            Money(5_000_000, Asset.USDT),
            network="tron",
            tx_hash="a1b2c3d4e5f6" * 5 + "abcd",
            address="TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
            key="dep-1",
            confirmations=100,
        )
    return account.ref


@dataclass
class Story:
    customer: Customer
    ticket: Ticket
    wallet_ref: str


def make_story(customer: Customer, specialist: User) -> Story:
    """The theft, the freeze, the ticket, a note and a reply, for `customer`'s wallet."""
    ref = customer.wallet_account_ref
    with at(30):
        get_gateway().freeze(ref, actor=f"customer:{customer.pk}", reason="钱包被盗 wallet stolen")
        security_event_record(customer=customer, kind=SecurityEventKind.FROZEN)
        ticket = ticket_create(
            channel=Channel.PORTAL,
            subject="钱包被盗",
            body=f"{STOLEN_WORDS} 我的卡号是 {CARD_IN_MESSAGE}",
            problem_type=ProblemType.ACCOUNT_STOLEN,
            requester=customer,
        )
    with at(40):
        message_add(
            ticket=ticket, body=INTERNAL_NOTE, author=Author(user=specialist), kind=MessageKind.NOTE
        )
    with at(45):
        message_add(
            ticket=ticket,
            body="您的钱包已冻结。请带上报警材料去派出所报案。",
            author=Author(user=specialist),
            notify=False,
        )
    return Story(customer=customer, ticket=ticket, wallet_ref=ref)


def make_victim(make_customer: Callable[..., Customer], language: str, email: str) -> Customer:
    return make_customer(
        display_name="王小明",
        email=email,
        phone="+8613800138000",
        wallet_account_ref=stage_wallet("王小明"),
        language=language,
    )


@pytest.fixture
def story(
    make_customer: Callable[..., Customer],
    security_specialist: User,
    request: pytest.FixtureRequest,
) -> Story:
    language = getattr(request, "param", "zh-hans")
    customer = make_victim(make_customer, language, "xiaoming@example.com")
    return make_story(customer, security_specialist)


@dataclass
class Opened:
    names: list[str]
    pdf: bytes
    text: str
    data: dict[str, Any]
    json_bytes: bytes
    manifest: str


def open_bundle(content: bytes) -> Opened:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        pdf = archive.read("evidence.pdf")
        json_bytes = archive.read("evidence.json")
        manifest = archive.read("manifest.sha256").decode()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return Opened(
        names=names,
        pdf=pdf,
        text=text,
        data=json.loads(json_bytes),
        json_bytes=json_bytes,
        manifest=manifest,
    )


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error here) while STATIC_ROOT does not exist yet."""
    from pathlib import Path

    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
