"""In a real browser (desktop): an agent searches the help articles beside the reply form and
"Insert link" puts the article's title and absolute portal address into the reply at the cursor;
any button carrying the same data attributes (the assistant's suggestions) does the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.helpcentre.services import help_content_sync
from walletdesk.identity.models import User
from walletdesk.tickets.models import Ticket

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
]
DESKTOP = {"width": 1280, "height": 800}


def _open_ticket(browser: Browser, base: str, agent: User, ticket: Ticket, lang: str) -> Page:
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "wd_lang", "value": lang, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", agent.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/console/")
    page.goto(f"{base}/console/tickets/{ticket.pk}/")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    return page


def _url(slug: str) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("portal:help-article", args=[slug])


@pytest.mark.parametrize(
    ("language", "query", "slug", "title", "greeting"),
    [
        pytest.param(
            "zh-hans", "冻结", "account-frozen", "我的钱包为什么被冻结了", "您好，", id="zh"
        ),
        pytest.param(
            "en", "frozen", "account-frozen", "Why is my wallet frozen?", "Hello,", id="en"
        ),
    ],
)
def test_agent_types_a_query_and_inserts_the_link(
    browser: Browser,
    live_server: Any,
    agent: User,
    make_ticket: Callable[..., Ticket],
    language: str,
    query: str,
    slug: str,
    title: str,
    greeting: str,
) -> None:
    off_loop(help_content_sync)
    ticket = off_loop(lambda: make_ticket(language=language))
    page = _open_ticket(browser, live_server.url, agent, ticket, language)
    reply = page.locator("#composer textarea[name=body]")
    reply.fill(greeting)

    page.locator("#article-q").press_sequentially(query)
    results = page.locator("#article-results")
    expect(results.locator(".search-snippet mark").first).to_have_text(query)
    button = results.locator(f'[data-insert-article-url="{_url(slug)}"]')
    expect(button).to_be_visible()
    button.click()

    expect(reply).to_have_value(f"{greeting}\n{title}\n{_url(slug)}\n")
    expect(reply).to_be_focused()
    assert page.evaluate("document.activeElement.selectionStart") == len(
        f"{greeting}\n{title}\n{_url(slug)}\n"
    )
    page.context.close()


def test_any_button_with_the_attributes_inserts_at_the_cursor(
    browser: Browser, live_server: Any, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = off_loop(lambda: make_ticket(language="en"))
    page = _open_ticket(browser, live_server.url, agent, ticket, "en")
    reply = page.locator("#composer textarea[name=body]")
    reply.fill("Hello,\nThanks for waiting.")
    page.evaluate("document.querySelector('#composer textarea').setSelectionRange(7, 7)")
    # What another panel (the assistant's suggestions) renders: a button made after page load.
    page.evaluate(
        """() => {
            const button = document.createElement("button");
            button.type = "button";
            button.id = "elsewhere";
            button.dataset.insertArticleUrl = "https://help.example.com/help/articles/a/";
            button.dataset.insertArticleTitle = "An article";
            button.textContent = "Insert";
            document.querySelector("aside").appendChild(button);
            const bad = button.cloneNode(true);
            bad.id = "scripted";
            bad.dataset.insertArticleUrl = "javascript:alert(1)";
            document.querySelector("aside").appendChild(bad);
        }"""
    )
    page.click("#scripted")
    expect(reply).to_have_value("Hello,\nThanks for waiting.")  # only web addresses go in
    page.evaluate("document.querySelector('#composer textarea').setSelectionRange(7, 7)")
    page.click("#elsewhere")
    expect(reply).to_have_value(
        "Hello,\nAn article\nhttps://help.example.com/help/articles/a/\nThanks for waiting."
    )
    expect(reply).to_be_focused()
    page.context.close()
