"""In a real browser on a phone and on a desktop, in both languages: an agent types a
two-character Chinese word or an English word into the inbox search and sees the matching
ticket with its hit marked in a snippet that fits the screen."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.identity.models import User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
LONG = "我上周五在应用里申请了提现，银行卡一直没有到账，客服说要等三个工作日，现在已经过了一周。"


@pytest.mark.parametrize(
    ("language", "viewport", "query", "marked"),
    [
        pytest.param("zh-hans", PHONE, "提现", "提现", id="zh-phone"),
        pytest.param("en", PHONE, "refunds", "refund", id="en-phone"),
        pytest.param("zh-hans", DESKTOP, "银行", "银行", id="zh-desktop"),
    ],
)
def test_agent_finds_a_ticket_by_a_word_in_its_thread(
    browser: Browser,
    live_server: Any,
    agent: User,
    make_ticket: Callable[..., Ticket],
    language: str,
    viewport: dict[str, int],
    query: str,
    marked: str,
) -> None:
    wanted = off_loop(lambda: make_ticket(subject="没到账", body=LONG + " I want a refund."))
    other = off_loop(lambda: make_ticket(subject="登录", body="忘记密码了"))
    hidden = off_loop(
        lambda: make_ticket(
            problem_type=ProblemType.ACCOUNT_STOLEN, subject="被盗", body=LONG + " refund"
        )
    )
    base = live_server.url
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", agent.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/console/$"))
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")

    page.locator("#id_q").press_sequentially(query)  # the table follows the typing
    table = page.locator("#inbox-table")
    expect(table.locator(".search-snippet mark").first).to_have_text(
        re.compile(marked, re.IGNORECASE)
    )
    expect(table).to_contain_text(wanted.reference)
    expect(table).not_to_contain_text(other.reference)
    expect(table).not_to_contain_text(hidden.reference)  # the security team's, not frontline's
    snippet = table.locator(".search-snippet").first.bounding_box()
    assert snippet is not None
    assert snippet["width"] <= viewport["width"]  # it wraps instead of widening the page
    if os.environ.get("WALLETDESK_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['WALLETDESK_SCREENSHOTS']}/search-{language}.png")
    context.close()
