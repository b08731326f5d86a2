"""Freeze fixtures: a customer with a sandbox wallet holding money, a shop to pay, and the
console users who take part in an unfreeze."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as BrowserClient

from tests.conftest import PASSWORD
from walletdesk.identity.models import Customer, Role, User
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.contracts import Client
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.sandbox import rails, seeding

CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/120")


@pytest.fixture
def shop(db: None) -> str:
    return seeding.add_merchant("Tea House").ref


@pytest.fixture
def victim(make_customer: Callable[..., Customer], db: None) -> Customer:
    """王小明, with email and phone, and a wallet holding 1,000 CNY."""
    account = seeding.open_account("王小明", assets=(Asset.CNY,))
    card = seeding.add_payment_method(
        account.ref,
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="China Merchants Bank",
        last4="4242",
        expiry_month=12,
        expiry_year=2099,
    )
    rails.top_up(account.ref, Money(1000_00, Asset.CNY), payment_method_ref=card.ref, key="t-1")
    return make_customer(
        display_name="王小明",
        email="victim@example.com",
        phone="+8613800138000",
        wallet_account_ref=account.ref,
    )


@pytest.fixture
def second_security(make_user: Callable[..., User]) -> User:
    return make_user(Role.SPECIALIST, ("security",), username="security2")


@pytest.fixture
def _keep_outbox_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep rows queued so a test can read the code the customer would receive; the signed-out
    # code request's deferred half (a task queued on commit) runs at once.
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)
    monkeypatch.setattr(
        "walletdesk.security.codes.enqueue_on_commit",
        lambda task, *args, **kwargs: task.call_local(*args, **kwargs),
    )


def code_sent_to(address: str) -> str:
    row = OutboundMessage.objects.filter(recipient=address, sensitive=True).order_by("-id").first()
    assert row is not None, f"no code was sent to {address}"
    match = re.search(r"\b(\d{6})\b", row.body)
    assert match
    return match.group(1)


def notices_to(address: str, *, sensitive: bool = False) -> list[OutboundMessage]:
    return list(
        OutboundMessage.objects.filter(recipient=address, sensitive=sensitive).order_by("id")
    )


def console_client(user: User) -> BrowserClient:
    browser = BrowserClient()
    assert browser.login(username=user.username, password=PASSWORD)
    return browser


def form_errors(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def api_for(db: None) -> Callable[[User], BrowserClient]:
    """A client that sends `Authorization: Token <key>` for the user on every request."""
    from walletdesk.api.services import api_token_create

    def make(user: User) -> BrowserClient:
        token = api_token_create(user=user, name="test")[1]
        return BrowserClient(HTTP_AUTHORIZATION=f"Token {token}")

    return make


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT does not exist yet."""
    from pathlib import Path

    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def console_client_with(user: User, password: str) -> BrowserClient:
    browser = BrowserClient()
    assert browser.login(username=user.username, password=password)
    return browser
