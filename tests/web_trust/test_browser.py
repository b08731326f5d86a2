"""In a real browser, at phone size and on a desktop, in both languages: check a look-alike
domain on /verify/, see the warning, report it, and the security team has a ticket."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from walletdesk.safety.models import ReportedValue
from walletdesk.tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
WORDS = {
    "zh-hans": {"warning": "警告：这不是 WalletDesk！", "report": "举报", "send": "提交举报"},
    "en": {
        "warning": "Warning: this is NOT WalletDesk.",
        "report": "Report it",
        "send": "Send report",
    },
}


@pytest.fixture(scope="module")
def trust_browser(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[Browser]:
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


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("language", sorted(WORDS))
def test_check_a_lookalike_see_the_warning_and_report_it(
    trust_browser: Browser, live_server: Any, official_registry: None, size: str, language: str
) -> None:
    phone = size == "phone"
    context = trust_browser.new_context(
        viewport=SIZES[size], is_mobile=phone, has_touch=phone, device_scale_factor=2
    )
    context.add_cookies([{"name": "wd_lang", "value": language, "url": live_server.url}])
    page: Page = context.new_page()
    words = WORDS[language]
    try:
        page.goto(f"{live_server.url}/")
        if phone:
            page.click("#nav-toggle")
        page.click("nav a[href='/verify/']")
        page.fill("input[name=value]", "https://wa11etdesk-support.example/login")
        page.click("#verify-form button[type=submit]")
        verdict = page.locator("#verdict")
        expect(verdict).to_have_attribute("data-status", "lookalike")
        expect(verdict).to_contain_text(words["warning"])
        expect(verdict).to_contain_text("walletdesk.example")
        box = verdict.bounding_box()
        assert box is not None
        assert box["width"] <= SIZES[size]["width"]
        page.click("#report-link")
        expect(page.locator("textarea[name=values]")).to_have_value(
            "https://wa11etdesk-support.example/login"
        )
        page.select_option("select[name=category]", "link")
        page.fill("textarea[name=what_happened]", "An SMS told me to sign in here.")
        page.fill("input[name=contact]", f"{size}-{language}@example.com")
        page.click(f"#report-form button:has-text('{words['send']}')")
        expect(page.locator("#report-sent")).to_be_visible()
    finally:
        context.close()
    ticket = Ticket.objects.get(contact=f"{size}-{language}@example.com")
    assert ticket.problem_type == "phishing_report"
    report = ReportedValue.objects.get(ticket_id=ticket.pk)
    assert report.normalized == "wa11etdesk-support.example"
