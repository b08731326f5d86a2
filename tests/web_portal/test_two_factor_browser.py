"""Turning on an authenticator app and signing in with it, in a real browser: Chinese and
English, on a phone (390×844) and on a desktop. The test is the authenticator: it reads the key
the page shows and computes the codes."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD
from tests.web_portal.conftest import PHONE
from walletdesk.identity.models import Customer
from walletdesk.security import totp

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}
WORDS = {
    "zh-hans": {"title": "双重验证", "on": "已开启"},
    "en": {"title": "Two-step verification", "on": "On"},
}


def _context_page(browser: Browser, size: str, base: str, language: str) -> Page:
    mobile = size == "phone"
    context = browser.new_context(
        viewport=SIZES[size], is_mobile=mobile, has_touch=mobile, device_scale_factor=2
    )
    context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    return context.new_page()


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def _code(secret_text: str, at: float) -> str:
    plain = secret_text.replace(" ", "")
    return totp.totp_code_at(base64.b32decode(plain + "=" * (-len(plain) % 8)), at)


def _password(page: Page, base: str, customer: Customer) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=identifier]", customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_turn_on_an_authenticator_and_sign_in_with_it(
    phone_browser: Browser,
    live_server: Any,
    make_customer: Callable[..., Customer],
    language: str,
    size: str,
) -> None:
    base = live_server.url
    customer = make_customer(
        display_name="王小明", email=f"totp-{language}-{size}@example.com", language=language
    )
    words = WORDS[language]

    # Signed in with the password, the customer opens two-step verification and confirms.
    page = _context_page(phone_browser, size, base, language)
    _password(page, base, customer)
    page.wait_for_url(re.compile(r"/tickets/$"))
    page.goto(f"{base}/security/two-factor/")
    page.wait_for_url(re.compile(r"/security/confirm/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/security/two-factor/$"))
    expect(page.locator("h1")).to_have_text(words["title"])
    page.click("button[value=begin]")

    # The QR code is drawn in the page; the key beside it is what the "app" reads.
    expect(page.locator(".qr-box svg")).to_be_visible()
    _fits(page)
    secret_text = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", _code(secret_text, time.time()))
    page.locator("form:has(input[value=confirm]) button[type=submit]").click()
    expect(page.locator("#two-factor-on")).to_contain_text(words["on"])
    expect(page.locator("#backup-codes li")).to_have_count(10)
    expect(page.locator("main")).not_to_contain_text(secret_text)
    _fits(page)
    page.context.close()

    # Another device: the password alone leads to the second step, the app's code signs in.
    page = _context_page(phone_browser, size, base, language)
    _password(page, base, customer)
    page.wait_for_url(re.compile(r"/login/verify/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(words["title"])
    _fits(page)
    page.goto(f"{base}/tickets/")  # not signed in yet
    page.wait_for_url(re.compile(r"/login/"))
    page.goto(f"{base}/login/verify/")
    # The next step's code: the one used at enrolment never works twice.
    page.fill("input[name=code]", _code(secret_text, time.time() + totp.STEP_SECONDS))
    page.locator("form:has(input[value=verify]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tickets/$"))
    page.goto(f"{base}/wallet/")
    assert "/login/" not in page.url
    page.context.close()
