"""Forgot password in a real browser, in both languages, at phone size and on a desktop:
the code from the outbox, live rule hints while typing, the old session gone, the check-up."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.recovery.conftest import NEW_PASSWORD
from walletdesk.identity.models import Customer
from walletdesk.identity.services import customer_create
from walletdesk.outbox.models import OutboundMessage

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
WORDS = {
    "en": {"short": "short", "ok": "meets every rule", "checkup": "Security check-up"},
    "zh-hans": {"short": "太短", "ok": "符合所有要求", "checkup": "安全检查"},
}


@pytest.fixture(scope="module")
def reset_browser(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[Browser]:
    """The system Chromium (nothing is downloaded); shares pytest-playwright's browser when
    another module already keeps one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        yield request.getfixturevalue("browser")
        return
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=os.environ.get("WALLETDESK_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield launched
        launched.close()


def _context(browser: Browser, size: str, language: str, base: str) -> BrowserContext:
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone)
    context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    return context


def _code_for(address: str) -> str:
    row = OutboundMessage.objects.filter(recipient=address, sensitive=True).order_by("-id").first()
    assert row is not None
    match = re.search(r"\b(\d{6})\b", row.body)
    assert match
    return match.group(1)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_forgot_password_to_the_check_up(
    reset_browser: Browser,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    size: str,
    language: str,
) -> None:
    # Keep the outbox rows queued (the server runs in this process), so the code can be read.
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)
    base = live_server.url
    email = f"reset-{size}-{language}@example.com"

    def make() -> Customer:
        customer = customer_create(
            display_name="Mei Lin", email=email, password=PASSWORD, language=language
        )
        customer.birth_date = dt.date(1990, 5, 17)
        customer.save(update_fields=["birth_date"])
        return customer

    off_loop(make)
    words = WORDS[language]

    before = _context(reset_browser, "desktop", language, base)
    old = before.new_page()
    old.goto(f"{base}/login/?next=/wallet/")
    old.fill("input[name=identifier]", email)
    old.fill("input[name=password]", PASSWORD)
    old.click("form[action='/login/'] button[type=submit]")
    old.wait_for_url(f"{base}/wallet/")

    context = _context(reset_browser, size, language, base)
    page = context.new_page()
    page.goto(f"{base}/login/")
    if size == "phone":
        page.click("#nav-toggle")  # the menu folds on a phone; the link is on the page itself
    page.click("#forgot-password")
    page.wait_for_url(f"{base}/password/forgot/")
    page.fill("input[name=identifier]", email)
    page.click("#password-forgot button[type=submit]")
    page.wait_for_url(f"{base}/password/reset/")

    code = off_loop(lambda: _code_for(email))
    page.fill("input[name=code]", code)
    field = page.locator("input[name=password1]")
    field.press_sequentially("short", delay=30)
    expect(page.locator("#password-unmet")).to_contain_text(words["short"])
    field.fill("")
    field.press_sequentially(NEW_PASSWORD, delay=10)
    expect(page.locator("#password-ok")).to_be_visible()
    expect(page.locator("#password-ok")).to_contain_text(words["ok"])
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("#password-reset button[type=submit]")

    page.wait_for_url(f"{base}/security/")
    expect(page.locator("h1")).to_contain_text(words["checkup"])
    expect(page.locator("#security-devices")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

    old.goto(f"{base}/wallet/")
    assert "/login/" in old.url  # the session from before the reset is gone
    before.close()
    context.close()
