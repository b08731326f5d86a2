"""In a real browser on a 360 px phone: browse the help centre, read an article, search and
vote, in Chinese and in English, without the page ever scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_launch import off_loop
from walletdesk.helpcentre.models import Article
from walletdesk.helpcentre.services import help_content_sync

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
CASES = [
    pytest.param(
        "zh-hans", "zh-CN", "充值、付款与提现", "银行卡", "这篇文章对您有帮助吗？", id="zh"
    ),
    pytest.param(
        "en",
        "en-US",
        "Top-ups, payments and withdrawals",
        "card",
        "Was this article helpful?",
        id="en",
    ),
]


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.mark.parametrize(("language", "locale", "category", "query", "question"), CASES)
def test_reading_searching_and_voting_on_a_phone(
    browser: Browser,
    live_server: Any,
    language: str,
    locale: str,
    category: str,
    query: str,
    question: str,
) -> None:
    off_loop(help_content_sync)
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale=locale)
    context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    page = context.new_page()

    page.goto(f"{base}/")
    expect(page.locator("#help-entry form.help-search")).to_be_visible()
    _no_sideways_scroll(page)
    page.click("#nav-toggle")
    page.click("#site-menu a[href='/help/']")
    expect(page.locator("#help-categories")).to_contain_text(category)
    _no_sideways_scroll(page)

    page.click(f"#help-categories a:has-text('{category}')")
    expect(page.locator("#help-category h1")).to_have_text(category)
    _no_sideways_scroll(page)

    page.fill("#help-q", query)
    page.click("form.help-search button[type=submit]")
    expect(page.locator("#search-results")).to_be_visible()
    page.click("a[href='/help/articles/card-declined/']")
    expect(page.locator("#help-vote")).to_contain_text(question)
    _no_sideways_scroll(page)

    for slug in ("fees-and-limits", "crypto-confirmations", "police-evidence"):  # tables, lists
        page.goto(f"{base}/help/articles/{slug}/")
        _no_sideways_scroll(page)

    page.goto(f"{base}/help/articles/card-declined/")
    page.click("#vote-yes")
    expect(page.locator("#vote-yes")).to_have_count(0)
    assert off_loop(lambda: Article.objects.get(slug="card-declined").helpful_count) == 1
    context.close()
