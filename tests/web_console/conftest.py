"""Console fixtures: signed-in agents, tickets in other teams' queues, a sandbox wallet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from walletdesk.identity.models import Customer, User
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

# The smallest file the attachment checks accept as a PNG.
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error here) while STATIC_ROOT does not exist yet."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Assertions read English source text; the product's default language stays zh-hans (the
    Chinese catalogue would otherwise change what these tests see)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def login_as(client: Client) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def wallet_customer(make_customer: Callable[..., Customer]) -> Customer:
    """A customer whose sandbox wallet has a balance, a card, and a success and a failure."""
    account = seeding.open_account("王小明", assets=(Asset.CNY, Asset.USD))
    card = seeding.add_payment_method(
        account.ref,
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="招商银行",
        last4="4242",
        expiry_month=12,
        expiry_year=2031,
    )
    rails.top_up(
        account.ref, Money(12_345_00, Asset.CNY), payment_method_ref=card.ref, key="topup-ok"
    )
    seeding.configure_payment_method(card.ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    rails.top_up(
        account.ref, Money(500_00, Asset.CNY), payment_method_ref=card.ref, key="topup-declined"
    )
    return make_customer(
        display_name="王小明",
        email="mingming@example.com",
        phone="+8613800138000",
        wallet_account_ref=account.ref,
    )
