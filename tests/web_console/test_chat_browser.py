"""Live chat from end to end, in real browsers (Debian's Chromium; nothing is downloaded): a
customer on a phone-sized widget and two agents at desktop consoles, over the real ASGI
application (HTTP and websockets) on a loopback port.

The customer picks a problem type, reads the suggestions, joins the queue and sees their place;
the agent sees the chat waiting (badge, tone), accepts; they write in Chinese and English both
ways, each side seeing the other type; the agent hands the chat to a colleague, who carries on
and closes it; the customer rates it, the rating shows in the console, and the transcript lands
in the outbox folder."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.web_console.asgi_server import asgi_server
from walletdesk.chat import services as chat_services
from walletdesk.chat.choices import ConversationState, Origin, Presence
from walletdesk.chat.models import Conversation
from walletdesk.identity.models import Customer, Role, User
from walletdesk.vocab.choices import ProblemType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
    # WhiteNoise hands Django's ASGI handler file iterators; `walletdesk serve` quiets this too.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture
def outbox(settings: Any, tmp_path: Path) -> Path:
    """Email written as files, where `make run` writes them (here a fresh folder)."""
    settings.CHAT_HOURS = ""
    settings.OUTBOX_DIR = tmp_path
    settings.EMAIL_BACKEND = "walletdesk.outbox.mailfiles.EmailFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "email")
    return tmp_path / "email"


@pytest.fixture
def server(outbox: Path) -> Iterator[str]:
    with asgi_server() as base:
        yield base


def _context(browser: Browser, base: str, *, phone: bool) -> BrowserContext:
    if phone:
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "wd_lang", "value": "en", "url": base}])
    context.set_default_timeout(WAIT_MS)
    return context


def _console(browser: Browser, base: str, user: User) -> Page:
    page = _context(browser, base, phone=False).new_page()
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    page.goto(f"{base}/console/chats/")
    page.wait_for_function("() => window.WDChat && window.WDChat.connected")
    return page


def _portal_customer(browser: Browser, base: str, customer: Customer) -> Page:
    page = _context(browser, base, phone=True).new_page()
    page.goto(f"{base}/login/?next=/chat/")
    page.fill("input[name=identifier]", customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/chat/")
    return page


def _busy_agent(user: User, customer: Customer) -> None:
    """`user` is online for one chat at a time and already has one: the next chat waits."""
    chat_services.presence_set(
        user=user, status=Presence.ONLINE, capacity=1, languages=["en", "zh-hans"]
    )
    started = chat_services.conversation_start(
        origin=Origin.PORTAL,
        language="en",
        problem_type=ProblemType.TRANSACTION_FAILED,
        customer=customer,
    )
    chat_services.customer_say(
        conversation=started.conversation, text="An earlier chat.", client_id="earlier-1"
    )
    chat_services.queue_join(conversation=started.conversation)
    started.conversation.refresh_from_db()
    assert started.conversation.agent_id == user.pk


def _type_slowly(page: Page, selector: str, text: str) -> None:
    page.locator(selector).press_sequentially(text, delay=40)


def test_a_customer_and_two_agents_from_the_queue_to_the_transcript(
    browser: Browser,
    server: str,
    outbox: Path,
    agent: User,
    make_user: Any,
    make_customer: Any,
    customer: Customer,
) -> None:
    colleague = off_loop(
        lambda: make_user(Role.AGENT, ("frontline",), username="colleague", first_name="Oliver")
    )
    off_loop(lambda: _busy_agent(agent, make_customer(display_name="Earlier customer")))

    desk = _console(browser, server, agent)
    expect(desk.locator("#chats-active")).to_contain_text("Earlier customer")
    expect(desk.locator("#chats-waiting")).to_contain_text("No chat is waiting")
    second = _console(browser, server, colleague)

    # The customer, on a phone: a problem type, the suggestions, the queue.
    phone = _portal_customer(browser, server, customer)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.click(f"[data-testid=topic-{ProblemType.TOPUP_NOT_CREDITED}]")
    expect(phone.locator("[data-testid=suggestions]")).to_be_visible()
    phone.click("[data-testid=still-need-help]")
    expect(phone.locator("[data-testid=queue]")).to_be_visible()
    expect(phone.locator("[data-testid=queue]")).to_have_attribute("data-position", "1")

    # The agent: the chat waits (badge, title flash, tone), they accept it.
    waiting = desk.locator("#chats-waiting tr[data-chat]")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("王小明")
    expect(waiting.locator("[data-verified=yes]")).to_be_visible()
    expect(desk.locator("#nav-chats-badge")).to_have_attribute("data-count", "1")
    desk.wait_for_function("() => window.WDChat.tones >= 1 && window.WDChat.flashes >= 1")
    key = waiting.get_attribute("data-chat")
    assert key
    waiting.locator("a").click()
    desk.wait_for_url(f"{server}/console/chats/{key}/")
    expect(desk.locator("#customer-panel")).to_contain_text("王小明")
    desk.click("#chat-accept")
    expect(desk.locator("#chat-header")).to_have_attribute("data-may-send", "1")
    expect(desk.locator("#chat-text")).to_be_enabled()
    expect(phone.locator("[data-testid=queue]")).to_be_hidden()

    # Both ways, in Chinese and in English, with typing shown on the other side.
    _type_slowly(phone, "#chat-input", "我的充值还没到账")
    expect(desk.locator("#chat-typing")).to_be_visible()
    phone.click("#chat-send")
    expect(desk.locator("#chat-entries")).to_contain_text("我的充值还没到账")
    expect(desk.locator("#chat-typing")).to_be_hidden()

    _type_slowly(desk, "#chat-text", "您好，我来帮您查一下。")
    expect(phone.locator("[data-testid=typing]")).to_be_visible()
    desk.press("#chat-text", "Enter")
    expect(phone.locator("[data-testid=log]")).to_contain_text("您好，我来帮您查一下。")
    mine = desk.locator("#chat-entries li[data-author=agent]").last
    expect(mine.locator(".chat-tick")).to_have_attribute("data-state", re.compile("sent|read"))
    expect(mine.locator(".chat-tick")).to_have_attribute("data-state", "read")

    desk.fill("#chat-text", "Could you tell me the amount, please?")
    desk.click("#chat-send")
    expect(phone.locator("[data-testid=log]")).to_contain_text("Could you tell me the amount")
    phone.fill("#chat-input", "It was 100 CNY, topped up this morning.")
    phone.click("#chat-send")
    expect(desk.locator("#chat-entries")).to_contain_text("It was 100 CNY")

    # An internal note: the agents see it, the customer never does.
    desk.fill("#chat-note-text", "Bank reference looks right; passing on.")
    desk.click("#chat-note-add")
    expect(desk.locator("#chat-notes")).to_contain_text("Bank reference looks right")

    # Hand over to a colleague, who sees it arrive (badge of their own chats, tone) and goes on.
    desk.select_option("#transfer-user", str(colleague.pk))
    desk.fill("#transfer-note", "Top-up of 100 CNY; please check with the bank.")
    desk.click("#chat-transfer-send")
    expect(desk.locator("#chat-header")).to_have_attribute("data-may-send", "0")
    expect(desk.locator("#chat-text")).to_be_disabled()
    given = second.locator(f'#chats-active tr[data-chat="{key}"]')
    expect(given).to_have_count(1)
    second.wait_for_function("() => window.WDChat.tones >= 1")
    given.locator("a").click()
    second.wait_for_url(f"{server}/console/chats/{key}/")
    expect(second.locator("#chat-notes")).to_contain_text("please check with the bank")
    expect(second.locator("#chat-entries")).to_contain_text("我的充值还没到账")
    second.fill("#chat-text", "The top-up has now arrived. 已经到账了。")
    second.click("#chat-send")
    expect(phone.locator("[data-testid=log]")).to_contain_text("已经到账了")
    phone.fill("#chat-input", "Thank you! 谢谢！")
    phone.click("#chat-send")
    expect(second.locator("#chat-entries")).to_contain_text("谢谢")
    expect(desk.locator("#chat-entries")).to_contain_text("谢谢")  # the first still watches

    # Close; the customer rates; the rating shows in the console; the transcript is mailed.
    second.click("#chat-close")
    expect(second.locator("#chat-header")).to_have_attribute("data-state", "closed")
    expect(phone.locator("[data-testid=rating]")).to_be_visible()
    phone.click("[data-testid=star-5]")
    phone.fill("#chat-rating-comment", "很快，谢谢 — quick and kind.")
    phone.click("#chat-rating-send")
    expect(phone.locator("[data-testid=after]")).to_be_visible()
    expect(second.locator("#chat-rating")).to_contain_text("5 out of 5")
    expect(second.locator("#chat-rating")).to_contain_text("quick and kind")

    conversation = off_loop(lambda: Conversation.objects.get(key=key))
    assert conversation.state == ConversationState.CLOSED
    assert conversation.agent_id == colleague.pk
    assert conversation.rating == 5
    transcript = _wait_for_mail(outbox, customer.email or "")
    for line in ("我的充值还没到账", "Could you tell me the amount", "已经到账了", "谢谢"):
        assert line in transcript
    assert "Bank reference looks right" not in transcript  # internal notes stay inside
    assert "please check with the bank" not in transcript


def _wait_for_mail(folder: Path, to: str, seconds: float = 10.0) -> str:
    """The text of the one email to `to` in the outbox folder, decoded."""
    from email import policy
    from email.parser import BytesParser

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if to in str(message["To"]):
                parts = [
                    part.get_content()
                    for part in message.walk()
                    if part.get_content_type() == "text/plain"
                ]
                return str(message["Subject"]) + "\n" + "\n".join(parts)
        time.sleep(0.2)
    raise AssertionError(f"no email to {to} in {folder}")
