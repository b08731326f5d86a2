"""Portal fixtures: signed-in clients, a sandbox wallet with a history, tiny files."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable, Iterator

import playwright.sync_api as playwright_api
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

# The smallest file the attachment checks accept as a PNG: the signature and a little more.
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def sign_in(client: Client, customer: Customer) -> None:
    """Sign in. A browser that already picked a language with the switch picks it again once
    signed in, as a person would: signed in, the customer's own preference decides."""
    identifier = customer.email or customer.phone
    response = client.post(
        reverse("portal:login"), {"identifier": identifier, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    chosen = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None:
        switch_language(client, chosen.value)


def switch_language(client: Client, language: str) -> None:
    """Press the language switch: the cookie, and the signed-in customer's preference."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@pytest.fixture
def portal_client(client: Client, customer: Customer) -> Client:
    """A browser signed in to the portal as `customer` (王小明)."""
    sign_in(client, customer)
    return client


@pytest.fixture
def english(client: Client, db: None) -> Client:
    """The same browser after picking English with the language switch (the `wd_lang` cookie,
    and the customer's preference when one is signed in). Tests that read the page's words
    use it: the Chinese catalogue is filled in later."""
    switch_language(client, "en")
    return client


@pytest.fixture
def png() -> Callable[[str], SimpleUploadedFile]:
    def make(name: str = "screenshot.png") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, TINY_PNG, content_type="image/png")

    return make


@pytest.fixture
def wallet_ref(db: None) -> str:
    """A sandbox wallet with a linked card, a bank account and a short history: a successful
    top-up, a payment, and a top-up the card's issuer declined."""
    started = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing
    with clock.frozen_at(started):
        account = seeding.open_account("王小明", assets=(Asset.CNY, Asset.USDT))
        card = seeding.add_payment_method(
            account.ref,
            kind=PaymentMethodKind.DEBIT_CARD,
            issuer="China Merchants Bank",
            last4="4242",
            expiry_month=12,
            expiry_year=2099,
        )
        seeding.add_payment_method(
            account.ref,
            kind=PaymentMethodKind.BANK_ACCOUNT,
            issuer="Bank of China",
            last4="0019",
        )
        shop = seeding.add_merchant("Tea House")
    with clock.frozen_at(started + dt.timedelta(minutes=5)):
        rails.top_up(
            account.ref, Money(123_450, Asset.CNY), payment_method_ref=card.ref, key="topup-1"
        )
    with clock.frozen_at(started + dt.timedelta(minutes=10)):
        rails.pay(account.ref, Money(2_000, Asset.CNY), merchant_ref=shop.ref, key="pay-1")
    seeding.configure_payment_method(card.ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    with clock.frozen_at(started + dt.timedelta(minutes=15)):
        rails.top_up(
            account.ref, Money(50_000, Asset.CNY), payment_method_ref=card.ref, key="topup-2"
        )
    return account.ref


@pytest.fixture
def story_customer(make_customer: Callable[..., Customer]) -> Callable[..., Customer]:
    """Makes the customer whose wallet a story (tests/web_portal/intake_stories.py) set up."""

    def make(account_ref: str, language: str = "en", email: str = "intake@example.com") -> Customer:
        return make_customer(
            display_name="王小明", email=email, wallet_account_ref=account_ref, language=language
        )

    return make


@pytest.fixture
def wallet_customer(make_customer: Callable[..., Customer], wallet_ref: str) -> Customer:
    return make_customer(
        display_name="王小明", email="wallet@example.com", wallet_account_ref=wallet_ref
    )


# --- A phone-sized browser (tests/web_portal/test_phone.py) ------------------------------------
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone_browser(
    request: pytest.FixtureRequest, django_db_setup: None
) -> Iterator[playwright_api.Browser]:
    """The system Chromium (nothing is downloaded), started after the test database exists.
    Shares pytest-playwright's session-wide browser when another module already keeps one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        yield request.getfixturevalue("browser")
        return
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=os.environ.get("WALLETDESK_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield launched
        launched.close()


@pytest.fixture
def phone(phone_browser: playwright_api.Browser) -> Iterator[playwright_api.Page]:
    """A fresh phone-sized context per test (no cookies carried over), touch and all."""
    context = phone_browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()
