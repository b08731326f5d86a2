"""In a real browser, in Chinese and English, on a desktop and on a 360 px phone: a customer whose
top-up never arrived fills the intake, confirms the transaction, reads the diagnosis and sends
it to the payments team; the agent who opens the ticket finds the transaction and the finding
at the top, and nobody asks the customer anything again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.web_portal import intake_stories as stories
from walletdesk.identity.models import Customer, Role
from walletdesk.identity.services import console_user_create, customer_create

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TEAM_BUTTON = {"en": "Send it to our payments team", "zh-hans": "交给支付团队处理"}
CASES = [
    pytest.param("zh-hans", "zh-CN", DESKTOP, "card", id="zh-desktop-card-timeout"),
    pytest.param("zh-hans", "zh-CN", PHONE, "usdt", id="zh-phone-usdt-wrong-network"),
    pytest.param("en", "en-US", DESKTOP, "usdt", id="en-desktop-usdt-wrong-network"),
    pytest.param("en", "en-US", PHONE, "card", id="en-phone-card-timeout"),
]


def _setup(language: str, kind: str) -> tuple[Customer, stories.Story]:
    wallet = stories.wallet()
    story = (
        stories.topup_timed_out(wallet, days_ago=4)  # the promised reversal is overdue
        if kind == "card"
        else stories.usdt_wrong_network(wallet)
    )
    customer = customer_create(
        display_name="王小明",
        email=f"intake-{language}@example.com",
        password=PASSWORD,
        language=language,
        wallet_account_ref=wallet.account_ref,
    )
    console_user_create(
        username="payments", role=Role.SPECIALIST, teams=("payments",), password=PASSWORD
    )
    return customer, story


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def _new_page(browser: Browser, viewport: dict[str, int], locale: str) -> Page:
    phone = viewport["width"] < 720
    context = browser.new_context(
        viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone
    )
    return context.new_page()


@pytest.mark.parametrize(("language", "locale", "viewport", "kind"), CASES)
def test_uncredited_top_up_from_intake_to_the_agent(
    browser: Browser,
    live_server: Any,
    language: str,
    locale: str,
    viewport: dict[str, int],
    kind: str,
) -> None:
    customer, story = off_loop(lambda: _setup(language, kind))
    base = live_server.url
    page = _new_page(browser, viewport, locale)

    # Signed in, the customer picks the topic from large choices.
    page.goto(f"{base}/login/?next=/contact/")
    page.fill("input[name=identifier]", customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/contact/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#topics li").first).to_have_id("topic-account_stolen")
    _fits(page)
    page.locator("#topic-topup_not_credited a").click()

    # The form: the digital-asset fields appear only for USDT or BTC.
    crypto = page.locator("[data-crypto-only]")
    expect(crypto).to_be_hidden()
    page.fill("textarea[name=happened]", "充值没有到账 / my top-up never arrived")
    page.fill("input[name=occurred_at]", story.form["occurred_at"])
    page.fill("input[name=amount]", story.form["amount"])
    page.select_option("select[name=currency]", story.form["currency"])
    if kind == "usdt":
        expect(crypto).to_be_visible()
        page.select_option("select[name=network]", story.form["network"])
        page.fill("input[name=tx_hash]", story.form["tx_hash"])
        page.fill("input[name=address]", story.form["address"])
    else:
        expect(crypto).to_be_hidden()
    _fits(page)
    page.locator("#intake-send").click()

    # Which transaction: the likeliest first, with the reasons; the customer confirms it.
    page.wait_for_url(re.compile(r"/contact/requests/\d+/transaction/$"))
    candidate = page.locator(f"input[name=transaction][value={story.transaction.ref}]")
    expect(candidate).to_be_checked()
    expect(page.locator(".candidate .tag").first).to_be_visible()
    _fits(page)
    page.locator("#confirm-transaction").click()

    # The diagnosis: the cause and the fix in words, the checks folded away, a person needed.
    page.wait_for_url(re.compile(r"/contact/requests/\d+/$"))
    expect(page.locator("#diagnosis")).to_have_attribute("data-outcome", "needs_person")
    expect(page.locator("#diagnosis-cause")).not_to_be_empty()
    failed = page.locator("#diagnosis-checks .check-failed")
    expect(failed.first).to_be_hidden()
    page.locator("#diagnosis-checks summary").click()
    expect(failed.first).to_be_visible()
    _fits(page)
    button = page.locator("#handover")
    expect(button).to_have_text(TEAM_BUTTON[language])
    button.click()

    # The ticket: it says they won't have to repeat anything.
    page.wait_for_url(re.compile(r"/tickets/\d+/$"))
    ticket_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    expect(page.locator(".flash-success")).to_be_visible()
    _fits(page)

    # The agent opens it and finds the transaction and the finding at the top.
    agent = browser.new_context(viewport=viewport, locale=locale).new_page()
    agent.goto(f"{base}/console/login/")
    agent.fill("input[name=username]", "payments")
    agent.fill("input[name=password]", PASSWORD)
    agent.locator("main form button[type=submit]").click()
    agent.wait_for_url(re.compile(r"/console/$"))
    agent.goto(f"{base}/console/tickets/{ticket_id}/")
    summary = agent.locator("#intake-summary")
    expect(summary).to_have_attribute("data-outcome", "needs_person")
    expect(summary).to_contain_text(story.transaction.ref)
    expect(summary).to_contain_text(story.transaction.failure_code or "")
    expect(summary.locator("#intake-happened")).to_contain_text("my top-up never arrived")
    top = summary.bounding_box()
    thread = agent.locator(".thread").first.bounding_box()
    assert top is not None
    assert thread is not None
    assert top["y"] < thread["y"], "the finding is above the conversation"
    page.context.close()
    agent.context.close()
