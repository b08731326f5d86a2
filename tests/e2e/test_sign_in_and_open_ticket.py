"""A customer and an agent use the product in a real browser, on the seeded demo."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, expect

from walletdesk.demo.people import DEMO_CUSTOMER_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_SUBJECT = "充值100元未到账"


def _seed() -> None:
    try:
        call_command("seed_demo", verbosity=0)
    finally:
        connection.close()


@pytest.fixture
def demo(live_server):
    # Seed off the test thread: Playwright keeps an event loop running here, and the services'
    # on-commit realtime events need a thread without one (as in the real server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_seed).result()
    return live_server.url


def test_customer_signs_in_reads_wallet_and_replies(demo, browser: Browser):
    # A phone set to Chinese: before sign-in the browser's language decides (after it, the
    # customer's own preference, which for 王小明 is Chinese too).
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{demo}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.fill("input[name=identifier]", "demo@walletdesk.example")
    page.fill("input[name=password]", DEMO_CUSTOMER_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    page.goto(f"{demo}/wallet/")
    expect(page.locator("main")).to_contain_text("CNY")
    expect(page.locator("main")).to_contain_text("•••• 4821")

    page.goto(f"{demo}/tickets/")
    page.get_by_text(DEMO_SUBJECT).first.click()
    expect(page).to_have_url(re.compile(r"/tickets/\d+/$"))
    expect(page.locator("main")).to_contain_text("我们已找到这笔充值")
    expect(page.locator("main")).not_to_contain_text("发卡行回应超时")  # internal note

    page.fill("textarea[name=body]", "扣款时间是晚上九点十五分。")
    page.locator("form:has(textarea[name=body]) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("扣款时间是晚上九点十五分。")
    page.close()


def test_agent_signs_in_and_opens_a_ticket_from_the_inbox(demo, browser: Browser):
    page = browser.new_page()
    page.goto(f"{demo}/console/")
    expect(page).to_have_url(re.compile(r"/console/login/"))
    page.fill("input[name=username]", "agent")
    page.fill("input[name=password]", "demo-agent-2026")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/console/$"))

    inbox = page.locator("main")
    expect(inbox).to_contain_text(DEMO_SUBJECT)
    expect(inbox).not_to_contain_text("手机被偷")  # a security-team ticket
    page.get_by_text(DEMO_SUBJECT).first.click()
    expect(page).to_have_url(re.compile(r"/console/tickets/\d+/$"))
    expect(page.locator("main")).to_contain_text("发卡行回应超时")  # agents see notes
    expect(page.locator("main")).to_contain_text("王小明")
    expect(page.locator("main")).to_contain_text("2,068.00 CNY")

    page.fill("textarea[name=body]", "已催促发卡行，请耐心等待。")
    page.locator("form:has(textarea[name=body]) button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("已催促发卡行，请耐心等待。")
    page.close()
