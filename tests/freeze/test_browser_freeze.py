"""In a real browser: freeze a stolen wallet while signed out, see that no money can leave it,
then unfreeze it with two console users — in Chinese on a phone and in English on a desktop."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.identity.models import Customer, Role, User
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.errors import AccountFrozenError
from walletdesk.wallet.sandbox import rails, seeding

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CASES = [
    pytest.param("zh-hans", "zh-CN", PHONE, "钱包已冻结", "已批准", id="zh-phone"),
    pytest.param("en", "en-US", DESKTOP, "Your wallet is frozen", "Approved", id="en-desktop"),
    pytest.param("zh-hans", "zh-CN", DESKTOP, "钱包已冻结", "已批准", id="zh-desktop"),
    pytest.param("en", "en-US", PHONE, "Your wallet is frozen", "Approved", id="en-phone"),
]


def _story(language: str) -> tuple[Customer, str]:
    account = seeding.open_account("王小明", assets=(Asset.CNY,))
    card = seeding.add_payment_method(
        account.ref,
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="China Merchants Bank",
        last4="4242",
        expiry_month=12,
        expiry_year=2099,
    )
    rails.top_up(account.ref, Money(500_00, Asset.CNY), payment_method_ref=card.ref, key="t")
    shop = seeding.add_merchant("Tea House").ref
    customer = customer_create(
        display_name="王小明",
        email="stolen@example.com",
        phone="+8613900139000",
        password=PASSWORD,
        language=language,
        wallet_account_ref=account.ref,
    )
    for username, role, team in [
        ("security", Role.SPECIALIST, "security"),
        ("supervisor", Role.SUPERVISOR, "management"),
    ]:
        user = console_user_create(username=username, role=role, teams=(team,), password=PASSWORD)
        User.objects.filter(pk=user.pk).update(language=language)
    return customer, shop


def _pay(customer: Customer, shop: str, key: str) -> str:
    paid = rails.pay(
        customer.wallet_account_ref, Money(1_00, Asset.CNY), merchant_ref=shop, key=key
    )
    return str(paid.status)


def _code_in(outbox: Path, number: str) -> str:
    """The code the fake SMS transport delivered to `number`, as the customer reads it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("sms/*.txt"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = path.read_text(encoding="utf-8")
            match = re.search(r"\b(\d{6})\b", text)
            if number in text and match:
                return match.group(1)
        time.sleep(0.1)
    raise AssertionError("no code arrived in the SMS outbox")


def _console_sign_in(browser: Browser, base: str, username: str, viewport: Any) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/console/$"))
    return page


@pytest.mark.parametrize(("language", "locale", "viewport", "frozen_text", "approved"), CASES)
def test_freeze_signed_out_then_unfreeze_with_two_people(
    browser: Browser,
    live_server: Any,
    settings: Any,
    tmp_path: Path,
    language: str,
    locale: str,
    viewport: Any,
    frozen_text: str,
    approved: str,
) -> None:
    settings.OUTBOX_DIR = tmp_path
    customer, shop = off_loop(lambda: _story(language))
    base = live_server.url

    # The customer, signed out, on the home page: one button, the phone number, the code.
    page = browser.new_context(viewport=viewport, locale=locale).new_page()
    page.goto(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#freeze-entry").click()
    page.fill("input[name=identifier]", "+86 139 0013 9000")
    page.locator("#freeze form button[type=submit]").click()
    expect(page.locator("#code-sent")).to_be_visible()
    page.fill("input[name=code]", _code_in(tmp_path, "+8613900139000"))
    page.locator("#freeze form button[type=submit]").click()
    expect(page.locator("#freeze-done")).to_contain_text(frozen_text)
    expect(page.locator("#freeze-reference")).to_contain_text(re.compile(r"[A-Z]+-\d+|#\d+|\d+"))
    expect(page.locator("#next-steps a[href='/password/forgot/']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # No money leaves the wallet now.
    with pytest.raises(AccountFrozenError):
        off_loop(lambda: _pay(customer, shop, "after-freeze"))

    # The first console user verifies the customer and asks; they cannot approve it themselves.
    first = _console_sign_in(browser, base, "security", viewport)
    first.goto(f"{base}/console/customers/{customer.pk}/unfreeze/")
    first.check("input[name=verification][value=video_call]")
    first.fill("textarea[name=note]", "Video call: face and ID card match the account.")
    first.fill("textarea[name=reason]", "Phone recovered, password changed.")
    first.locator("#request-unfreeze").click()
    first.wait_for_url(re.compile(r"/console/approvals/$"))
    own = first.locator(".unfreeze-request [data-own=true]")
    expect(own).to_be_visible()
    expect(first.locator(".unfreeze-request button[formaction$='/approve/']")).to_have_count(0)
    with pytest.raises(AccountFrozenError):
        off_loop(lambda: _pay(customer, shop, "after-request"))

    # The second one sees the badge, approves, and the wallet works again.
    second = _console_sign_in(browser, base, "supervisor", viewport)
    expect(second.locator("#nav-approvals .badge")).to_have_text("1")
    if second.locator(".nav-toggle").is_visible():  # on a phone the menu folds away
        second.locator(".nav-toggle").click()
    second.locator("#nav-approvals").click()
    second.locator(".unfreeze-request button[formaction$='/approve/']").click()
    expect(second.locator(".flash-success")).to_contain_text(approved)
    expect(second.locator("#no-approvals")).to_be_visible()
    assert off_loop(lambda: _pay(customer, shop, "after-approval")) == "succeeded"
