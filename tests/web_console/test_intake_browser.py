"""In a real browser, at phone and desktop size, in both languages: the ticket an intake handed
over opens with the finding, the answers and the customer's account in their order."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.intake.support import answers, declined_top_up_wallet
from walletdesk.identity.models import Role
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.intake.handover import intake_confirm, intake_handover, intake_start
from walletdesk.tickets.models import Ticket

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
HAPPENED = "I topped up 500 yuan at 10:15 and my balance did not change."
CASES = [
    pytest.param("zh-hans", PHONE, "智能受理的结论", id="zh-phone"),
    pytest.param("en", DESKTOP, "What the intake found", id="en-desktop"),
    pytest.param("en", PHONE, "What the intake found", id="en-phone"),
    pytest.param("zh-hans", DESKTOP, "智能受理的结论", id="zh-desktop"),
]


def _handed_over(language: str) -> Ticket:
    account_ref, declined = declined_top_up_wallet()
    customer = customer_create(
        display_name="王小明",
        email=f"intake-{language}@example.com",
        password=PASSWORD,
        wallet_account_ref=account_ref,
    )
    request = intake_start(
        customer=customer, answers=answers(), channel="portal", language=language
    )
    intake_confirm(request, transaction_ref=declined)
    return intake_handover(request).ticket


@pytest.mark.parametrize(("language", "viewport", "heading"), CASES)
def test_the_agent_opens_a_handed_over_ticket(
    browser: Browser, live_server: Any, language: str, viewport: Any, heading: str
) -> None:
    ticket = off_loop(lambda: _handed_over(language))
    agent = off_loop(
        lambda: console_user_create(
            username=f"agent-{language}-{viewport['width']}",
            password=PASSWORD,
            role=Role.AGENT,
            teams=("frontline",),
            language=language,
        )
    )
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", agent.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/console/")
    page.goto(f"{base}/console/tickets/{ticket.pk}/")
    summary = page.locator("#intake-summary")
    expect(summary).to_contain_text(heading)
    expect(summary.locator("[data-check=issuer][data-state=failed]")).to_be_visible()
    expect(page.locator("#intake-happened")).to_have_text(HAPPENED)
    box = summary.bounding_box()
    thread = page.locator("#thread").bounding_box()
    assert box is not None
    assert thread is not None
    assert box["y"] < thread["y"]  # the finding comes before the conversation
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()
