"""The help centre on a phone (390×844, and 360 px for the main pages), in Chinese and English,
signed out and signed in: no page is wider than the screen, the menu folds behind a button that
opens, its links work, the language switch and sign-out are in it, and what a thumb taps is at
least 44 px tall."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, message_add
from walletdesk.wallet.gateway import get_gateway

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LANGUAGES = ["zh-hans", "en"]
SIGNED_OUT = ["/", "/login/", "/login/?next=/tickets/", "/no-such-page/"]
SIGNED_IN = ["/", "/contact/", "/tickets/", "{ticket}", "/wallet/", "/no-such-page/"]
LONG_WORD = "https://example.com/" + "a" * 120  # a pasted link with no place to break


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def _menu_open(page: Page) -> None:
    toggle = page.locator("#nav-toggle")
    expect(toggle).to_be_visible()
    expect(page.locator("#site-menu")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-menu")).to_be_visible()
    for target in page.locator("#site-menu a, #site-menu button").all():
        box = target.bounding_box()
        assert box is not None, target.inner_text()
        assert box["height"] >= 44, (target.inner_text(), box)
    _fits(page)


@pytest.fixture
def phone_customer(
    make_customer: Callable[..., Customer], wallet_ref: str, request: pytest.FixtureRequest
) -> Customer:
    language = getattr(request, "param", "zh-hans")
    return make_customer(
        display_name="王小明 Wang Xiaoming",
        email=f"phone-{language}@example.com",
        wallet_account_ref=wallet_ref,
        language=language,
    )


@pytest.fixture
def phone_ticket(phone_customer: Customer, make_user: Callable[..., User]) -> Ticket:
    agent = make_user(username="li.wei", first_name="伟", last_name="李")
    tx = get_gateway().list_transactions(phone_customer.wallet_account_ref, limit=1)[0]

    def open_and_answer() -> Ticket:
        from walletdesk.tickets.services import ticket_create

        ticket = ticket_create(
            channel="portal",
            requester=phone_customer,
            problem_type=ProblemType.TRANSACTION_FAILED,
            subject="充值失败 Top-up failed " + LONG_WORD,
            body="我的充值被拒绝了。 " + LONG_WORD,
            transaction_ref=tx.ref,
        )
        message_add(ticket=ticket, author=Author(user=agent), body="请再试一次。 " + LONG_WORD)
        return ticket

    return off_loop(open_and_answer)


def _sign_in(page: Page, base: str, customer: Customer) -> None:
    page.goto(f"{base}/login/?next=/tickets/")
    _fits(page)
    field = page.locator("input[name=identifier]")
    assert field.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16  # no iOS zoom
    box = field.bounding_box()
    form = page.locator("form[action='/login/']").bounding_box()
    assert box is not None
    assert form is not None
    assert box["width"] >= form["width"] - 1
    field.fill(customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/tickets/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_signed_out_page_fits_and_its_menu_works(
    phone: Page, live_server: Any, language: str, db: None
) -> None:
    base = live_server.url
    phone.context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    for path in SIGNED_OUT:
        phone.goto(base + path)
        expect(phone.locator("html")).to_have_attribute("lang", language)
        _fits(phone)
        _menu_open(phone)

    # Follow a link from the folded menu.
    phone.goto(base + "/")
    _menu_open(phone)
    phone.locator("#site-menu a[href='/login/']").click()
    phone.wait_for_url(base + "/login/")

    # Switch language from the folded menu, and back.
    other = "en" if language == "zh-hans" else "zh-hans"
    _menu_open(phone)
    phone.locator(f"#site-menu button[name=language][value={other}]").click()
    expect(phone.locator("html")).to_have_attribute("lang", other)
    assert phone.url == base + "/login/"
    _fits(phone)


@pytest.mark.parametrize("phone_customer", LANGUAGES, indirect=True)
def test_every_signed_in_page_fits_and_its_menu_works(
    phone: Page, live_server: Any, phone_customer: Customer, phone_ticket: Ticket
) -> None:
    base = live_server.url
    language = phone_customer.preferred_language
    _sign_in(phone, base, phone_customer)
    for path in SIGNED_IN:
        phone.goto(base + path.format(ticket=f"/tickets/{phone_ticket.pk}/"))
        expect(phone.locator("html")).to_have_attribute("lang", language)
        _fits(phone)
        _menu_open(phone)

    # Transactions become cards: each cell on its own line, nothing scrolls sideways.
    phone.goto(base + "/wallet/")
    cells = phone.locator("#transactions tbody tr").first.locator("td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first is not None
    assert second is not None
    assert second["y"] > first["y"]

    # The ticket: the agent's name on the reply, the transaction in words, a full-width box.
    phone.goto(f"{base}/tickets/{phone_ticket.pk}/")
    expect(phone.locator("#thread .msg-agent .msg-meta")).to_contain_text("李伟")
    expect(phone.locator("#ticket-transaction")).to_contain_text("¥")
    expect(phone.locator("#ticket-transaction")).not_to_contain_text("tx_")

    # Follow a link from the menu, switch language (the preference follows), sign out.
    _menu_open(phone)
    phone.locator("#site-menu a[href='/wallet/']").click()
    phone.wait_for_url(base + "/wallet/")
    other = "en" if language == "zh-hans" else "zh-hans"
    _menu_open(phone)
    phone.locator(f"#site-menu button[name=language][value={other}]").click()
    expect(phone.locator("html")).to_have_attribute("lang", other)
    phone_customer.refresh_from_db()
    assert phone_customer.preferred_language == other
    _menu_open(phone)
    phone.locator("#site-menu form[action='/logout/'] button").click()
    _menu_open(phone)
    expect(phone.locator("#site-menu a[href='/login/']")).to_be_visible()


@pytest.mark.parametrize("phone_customer", ["en"], indirect=True)
def test_main_pages_fit_at_360_px(
    phone: Page, live_server: Any, phone_customer: Customer, phone_ticket: Ticket
) -> None:
    phone.set_viewport_size({"width": 360, "height": 740})
    base = live_server.url
    for path in ("/", "/login/"):
        phone.goto(base + path)
        _fits(phone)
    _sign_in(phone, base, phone_customer)
    for path in ("/contact/", "/tickets/", f"/tickets/{phone_ticket.pk}/", "/wallet/"):
        phone.goto(base + path)
        _fits(phone)
        _menu_open(phone)
