"""In a real browser on a 360 px phone, in Chinese and English: the customer types their problem
on the contact page and, without sending anything, the assistant's suggestion appears — the
type, the flow to start, articles — and the page never scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.helpcentre.services import help_content_sync
from walletdesk.identity.services import customer_create

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
CASES = [
    pytest.param(
        "zh-hans",
        "zh-CN",
        "充值了200元，银行卡扣了钱但余额没到账",
        "topup_not_credited",
        "这看起来是：",
        id="zh",
    ),
    pytest.param(
        "en",
        "en-US",
        "I forgot my password and cannot log in",
        "password_reset",
        "This looks like:",
        id="en",
    ),
]


def _setup(language: str) -> str:
    help_content_sync()
    customer = customer_create(
        display_name="王小明",
        email=f"ask-{language}@example.com",
        password=PASSWORD,
        language=language,
    )
    return customer.email or ""


@pytest.mark.parametrize(("language", "locale", "typed", "expected", "looks_like"), CASES)
def test_a_suggestion_appears_as_the_customer_types(
    browser: Browser,
    live_server: Any,
    language: str,
    locale: str,
    typed: str,
    expected: str,
    looks_like: str,
) -> None:
    email = off_loop(lambda: _setup(language))
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base}/login/?next=/contact/")
    page.fill("input[name=identifier]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/contact/")
    expect(page.locator("html")).to_have_attribute("lang", language)

    page.locator("#assistant-text").press_sequentially(typed, delay=5)
    suggestion = page.locator("#assistant-suggestion")
    expect(suggestion).to_have_attribute("data-problem-type", expected, timeout=30_000)
    expect(suggestion).to_contain_text(looks_like)
    label = page.locator(f"#topic-{expected} .topic-choice").inner_text()
    expect(suggestion.locator(".assistant-type")).to_have_text(label)
    expect(suggestion.locator(".assistant-articles a").first).to_be_visible()
    flow = suggestion.locator("#assistant-flow")
    expect(flow).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The flow button leads where the server-side suggestion leads.
    flow.click()
    expected_path = "/password/forgot/" if expected == "password_reset" else "/contact/"
    page.wait_for_url(f"{base}{expected_path}**")
    context.close()
