"""The wallet overview: what the customer sees of their own money, and nothing more."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.web_portal import fakes
from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.identity.models import Customer
from walletdesk.wallet.gateway import get_gateway


def _wallet_page(client: Client) -> str:
    chosen = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is None or chosen.value != "en":
        switch_language(client, "en")
    response = client.get("/wallet/")
    assert response.status_code == 200
    return response.content.decode()


def test_balances_transactions_and_masked_methods(
    client: Client, wallet_customer: Customer, django_assert_max_num_queries: Any
) -> None:
    sign_in(client, wallet_customer)
    switch_language(client, "en")

    # Session and customer, then the sandbox gateway's fixed-cost reads for the summary, and
    # the contact-code banner.
    with django_assert_max_num_queries(10):
        page = _wallet_page(client)

    assert "1,214.50 CNY" in page  # 1,234.50 topped up, 20.00 paid
    assert "0.000000 USDT" in page
    assert "Active" in page
    assert "frozen-banner" not in page
    # Payment methods: kind, issuer, last four digits only, expiry, status.
    assert "China Merchants Bank" in page
    assert "Bank of China" in page
    assert "•••• 4242" in page
    assert "•••• 0019" in page
    assert "12/2099" in page
    # Transactions in Beijing time, newest first, with the failed one explained.
    assert page.index("2026-03-01 10:15") < page.index("2026-03-01 10:05")
    assert "+1,234.50 CNY" in page
    assert "\u221220.00 CNY" in page
    assert "Failed" in page
    assert "Your bank or card issuer declined the payment." in page
    # How each one was paid: the card for top-ups, the merchant for the payment.
    assert "China Merchants Bank debit card •••• 4242</div>" in page
    assert '<div class="tx-paid">Tea House</div>' in page


def test_a_full_card_number_never_reaches_the_page(
    client: Client, make_customer: Callable[..., Customer], settings: Any
) -> None:
    customer = make_customer(wallet_account_ref="wal_leaky")
    sign_in(client, customer)

    with fakes.installed(fakes.LeakyGateway, settings):
        page = _wallet_page(client)

    assert fakes.LeakyGateway.FULL_NUMBER not in page
    assert not re.search(r"\d{12,19}", page)
    assert "•••• 1111" in page


def test_frozen_wallet_shows_a_clear_banner(client: Client, wallet_customer: Customer) -> None:
    get_gateway().freeze(
        wallet_customer.wallet_account_ref, actor="security-agent-7", reason="Internal case 99"
    )
    sign_in(client, wallet_customer)

    page = _wallet_page(client)

    assert 'id="frozen-banner"' in page
    assert "Your wallet is frozen" in page
    assert "badge-frozen" in page
    # Who froze it and the internal reason are the team's notes, not the customer's page.
    assert "security-agent-7" not in page
    assert "Internal case 99" not in page


def test_no_wallet_linked(portal_client: Client) -> None:
    page = _wallet_page(portal_client)

    assert "No wallet linked" in page
    assert 'id="balances"' not in page


def test_linked_wallet_that_does_not_exist(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    customer = make_customer(wallet_account_ref="wal_gone")
    sign_in(client, customer)

    page = _wallet_page(client)

    assert "We could not find your wallet" in page


@pytest.mark.usefixtures("english")
def test_unreachable_wallet_is_a_friendly_503(
    client: Client, wallet_customer: Customer, settings: Any
) -> None:
    sign_in(client, wallet_customer)

    with fakes.installed(fakes.UnavailableGateway, settings):
        response = client.get("/wallet/")

    assert response.status_code == 503
    assert "The wallet is not reachable right now." in response.content.decode()
