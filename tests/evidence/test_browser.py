"""On a phone (390×844), in Chinese and in English: the customer opens the evidence page from
the wallet, confirms with their password, and downloads one ZIP holding the PDF, the JSON and
the manifest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.evidence.conftest import Story, make_story, make_victim, open_bundle
from tests.web_portal.conftest import phone, phone_browser  # noqa: F401 - fixtures
from walletdesk.audit.models import AuditEntry
from walletdesk.identity.models import Customer, Role, User

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {"title": "报警材料", "pdf": "交易记录", "status": "已冻结"},
    "en": {"title": "Evidence for the police", "pdf": "Transactions", "status": "Frozen"},
}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{page.url} is {width}px wide"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_customer_confirms_and_downloads_the_bundle_on_a_phone(
    phone: Page,  # noqa: F811 - the fixture
    live_server: Any,
    make_customer: Callable[..., Customer],
    make_user: Callable[..., User],
    language: str,
    tmp_path: Path,
) -> None:
    def world() -> Story:
        specialist = make_user(Role.SPECIALIST, ("security",))
        customer = make_victim(make_customer, language, f"phone-{language}@example.com")
        return make_story(customer, specialist)

    story = off_loop(world)
    base = live_server.url
    words = WORDS[language]

    phone.goto(f"{base}/login/?next=/wallet/")
    phone.fill("input[name=identifier]", story.customer.email or "")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form[action='/login/'] button[type=submit]")
    phone.wait_for_url(f"{base}/wallet/")
    expect(phone.locator("html")).to_have_attribute("lang", language)

    phone.locator("#evidence-link a").click()
    phone.wait_for_url(f"{base}/security/confirm/**")  # step-up first
    _fits(phone)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#confirm-password button[type=submit]").click()
    phone.wait_for_url(f"{base}/security/evidence/")
    expect(phone.locator("h1")).to_have_text(words["title"])
    _fits(phone)
    box = phone.locator("#evidence-download").bounding_box()
    assert box is not None
    assert box["height"] >= 44

    phone.fill("input[name=period_start]", "2026-02-20")
    phone.fill("input[name=period_end]", "2026-03-10")
    with phone.expect_download() as waiting:
        phone.locator("#evidence-download").click()
    download = waiting.value
    assert download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    opened = open_bundle(saved.read_bytes())
    assert opened.names == ["evidence.pdf", "evidence.json", "manifest.sha256"]
    assert words["pdf"] in opened.text
    assert words["status"] in opened.text
    assert "橙子超市" in opened.text
    assert opened.data["language"] == language
    assert len(opened.data["transactions"]["items"]) == 4
    assert AuditEntry.objects.filter(action="evidence.download").count() == 1
