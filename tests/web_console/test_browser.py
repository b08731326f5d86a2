"""What an agent clicks, in a real browser (Debian's Chromium; nothing is downloaded)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.identity.models import User
from walletdesk.tickets.choices import Channel
from walletdesk.tickets.models import Ticket

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # pytest-base-url (pulled in by pytest-playwright) defines a fixture the way pytest 9
    # deprecates; the warning is about that plugin, not about this code.
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.context.add_cookies([{"name": "wd_lang", "value": "en", "url": base}])
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/console/")


def test_agent_filters_the_inbox_and_answers_a_ticket(
    page: Page, live_server: Any, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    email_ticket = off_loop(lambda: make_ticket(channel=Channel.EMAIL, subject="Card declined"))
    off_loop(lambda: make_ticket(channel=Channel.CHAT, subject="Cannot sign in"))
    base = live_server.url
    _sign_in(page, base, agent.username)
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    page.evaluate("window.samePage = true")

    table = page.locator("#inbox-table")
    expect(table).to_contain_text("Cannot sign in")
    page.select_option("select[name=channel]", Channel.EMAIL)
    expect(table).not_to_contain_text("Cannot sign in")
    expect(table).to_contain_text("Card declined")
    expect(page).to_have_url(re.compile(r"channel=email"))
    assert page.evaluate("window.samePage === true")  # the table swapped, the page stayed

    page.click(f"text={email_ticket.reference}")
    page.wait_for_url(f"{base}/console/tickets/{email_ticket.pk}/")
    page.evaluate("window.samePage = true")
    page.fill("textarea[name=body]", "We are looking into the decline.")
    page.click("button[name=kind][value=reply]")
    expect(page.locator("#thread")).to_contain_text("We are looking into the decline.")
    expect(page.locator("#composer-feedback")).to_contain_text("Reply sent.")
    expect(page.locator("#ticket-header .badge-open")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("")

    page.fill("textarea[name=body]", "Asked the issuer.")
    page.click("button[name=kind][value=note]")
    expect(page.locator("#thread .msg-note")).to_contain_text("Asked the issuer.")

    page.click("text=Assign to me")
    expect(page.locator("#ticket-header")).to_contain_text(str(agent))
    expect(page.locator("#ticket-history")).to_contain_text("Assignee")
    assert page.evaluate("window.samePage === true")  # all of it without a page load
