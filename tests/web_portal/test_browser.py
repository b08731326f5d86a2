"""What a person clicks, in a real browser: the htmx reply and a reply from an expired page."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import Status
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import TicketChanges, ticket_update

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def portal_browser(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[Browser]:
    """The system Chromium (nothing is downloaded).

    Playwright's sync API keeps its event loop "running" in this thread for as long as it is
    started, which breaks later tests that bridge to async code (realtime events). So unless
    another module already keeps pytest-playwright's session-wide browser (then it is shared),
    this module starts its own after the test database exists and stops it when done.
    """
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


@pytest.fixture
def page(portal_browser: Browser) -> Iterator[Page]:
    """A fresh browser context per test (no cookies carried over)."""
    context = portal_browser.new_context()
    yield context.new_page()
    context.close()


def _sign_in(page: Page, base: str, customer: Customer, next_path: str) -> None:
    page.context.add_cookies([{"name": "wd_lang", "value": "en", "url": base}])
    page.goto(f"{base}/login/?next={next_path}")
    page.fill("input[name=identifier]", customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_reply_with_htmx_updates_the_conversation_in_place(
    page: Page, live_server: Any, customer: Customer, agent: User, make_ticket: Any
) -> None:
    def waiting_ticket() -> Ticket:
        ticket: Ticket = make_ticket(requester=customer, subject="Card top-up missing")
        changes = TicketChanges(status=Status.PENDING_CUSTOMER)
        return ticket_update(ticket=ticket, by=agent, changes=changes)

    ticket = off_loop(waiting_ticket)
    _sign_in(page, live_server.url, customer, f"/tickets/{ticket.pk}/")
    expect(page.locator("#conversation .badge-pending_customer")).to_be_visible()
    page.evaluate("window.samePage = true")

    page.fill("textarea[name=body]", "Here is the bank's reference: 12345.")
    page.click("#reply button[type=submit]")

    expect(page.locator("#thread")).to_contain_text("Here is the bank's reference: 12345.")
    expect(page.locator("#conversation .badge-open")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("")
    assert page.evaluate("window.samePage === true")  # swapped in place, no page load


def test_a_reply_from_an_expired_page_says_so_and_keeps_the_text(
    page: Page, live_server: Any, customer: Customer, make_ticket: Any
) -> None:
    ticket = off_loop(lambda: make_ticket(requester=customer, subject="Card top-up missing"))
    _sign_in(page, live_server.url, customer, f"/tickets/{ticket.pk}/")
    expect(page.locator("#request-failed")).to_be_hidden()
    # What a sign-in in another tab does to this page: its CSRF token no longer matches.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.fill("textarea[name=body]", "My bank says the money left on Monday.")
    page.click("#reply button[type=submit]")
    expect(page.locator("#request-failed")).to_be_visible()
    expect(page.locator("#request-failed")).to_contain_text(
        "刷新页面"
    )  # the customer reads Chinese
    expect(page.locator("textarea[name=body]")).to_have_value(
        "My bank says the money left on Monday."
    )
