"""The widget in a real browser, on a 360 px phone, in Chinese and English, against the whole
ASGI application (HTTP and the chat socket): a signed-in customer picks a type, sees the
suggestions, joins the queue and watches their place move as the queue ahead is served; and
the widget embedded in a page of another origin connects and exchanges messages."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.web.chatwidget.servers import Served, asgi_server, host_page_server
from walletdesk.chat import services
from walletdesk.core import chatbus
from walletdesk.core.chatbus import conversation_topic
from walletdesk.chat.choices import ConversationState, Origin
from walletdesk.chat.models import Conversation
from walletdesk.identity.models import Customer, Role, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise hands Django's ASGI handler file iterators; Django says so (cli.py quiets it).
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

PHONE = {"width": 360, "height": 740}
TYPE = "topup_not_credited"
WORDS = {
    "zh-hans": {
        "title": "在线客服",
        "second": "您排在第 2 位。",
        "next": "下一位就是您。",
        "still": "仍需帮助？转人工客服",
    },
    "en": {
        "title": "Chat with us",
        "second": "You are number 2 in line.",
        "next": "You are next in line.",
        "still": "Still need help? Talk to a person",
    },
}


@pytest.fixture
def desk(transactional_db: None) -> Iterator[Served]:
    yield from asgi_server()


@pytest.fixture
def shop(desk: Served) -> Iterator[Served]:
    """A page on http://localhost:<port> that embeds the desk's widget (at 127.0.0.1)."""
    yield from host_page_server(desk.url, "en")


@pytest.fixture
def chat_agent(make_user: Callable[..., User]) -> User:
    # Off Playwright's loop, as the server would (the new user's realtime nudges are sent).
    return off_loop(lambda: make_user(Role.AGENT, ("frontline", "payments"), username="chat.agent"))


def _phone(browser: Browser, language: str) -> Page:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN" if language == "zh-hans" else "en-US",
    )
    return context.new_page()


def _fits(page: Page | Frame) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{width}px wide on a {inner}px screen"


def _visitor(language: str, name: str) -> Conversation:
    started = services.conversation_start(
        origin=Origin.EMBED,
        language=language,
        problem_type=TYPE,
        visitor_name=name,
        visitor_contact=f"{name.lower()}@example.com",
    )
    services.queue_join(conversation=started.conversation)
    started.conversation.refresh_from_db()
    return started.conversation


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_customer_picks_a_type_sees_suggestions_and_watches_the_queue_move(
    browser: Browser,
    desk: Served,
    make_customer: Callable[..., Customer],
    chat_agent: User,
    language: str,
) -> None:
    words = WORDS[language]
    customer = off_loop(
        lambda: make_customer(
            display_name="王小明 Wang", email=f"queue-{language}@example.com", language=language
        )
    )

    def one_busy_agent_and_one_chat_waiting() -> tuple[Conversation, Conversation]:
        services.presence_set(user=chat_agent, status="online", capacity=1, languages=[language])
        busy = _visitor(language, "Busy")
        ahead = _visitor(language, "Ahead")
        assert busy.state == ConversationState.ACTIVE and busy.agent_id == chat_agent.pk
        assert ahead.state == ConversationState.QUEUED
        return busy, ahead

    busy, ahead = off_loop(one_busy_agent_and_one_chat_waiting)

    page = _phone(browser, language)
    page.goto(f"{desk.url}/login/?next=/chat/")
    page.fill("input[name=identifier]", customer.email or "")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{desk.url}/chat/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#chat-title")).to_have_text(words["title"])
    expect(page.locator("#chat")).to_have_attribute("data-ready", "true")

    # The topics: large targets, the emergency first and marked urgent.
    topics = page.locator("#chat-topic-list .chat-topic")
    expect(topics.first).to_have_attribute("data-problem-type", "account_stolen")
    expect(topics.first.locator(".chat-badge")).to_be_visible()
    for index in range(topics.count()):
        box = topics.nth(index).bounding_box()
        assert box is not None and box["height"] >= 44
    _fits(page)

    page.get_by_test_id(f"topic-{TYPE}").click()
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_be_visible()
    flow = suggestions.get_by_test_id("flow")
    expect(flow).to_have_attribute("href", re.compile(rf"/contact/\?problem_type={TYPE}$"))
    expect(page.locator("#chat")).to_have_attribute("data-connection", "open")
    _fits(page)

    page.get_by_test_id("still-need-help").click()
    expect(page.get_by_test_id("still-need-help")).to_have_text(words["still"])
    position = page.get_by_test_id("queue-position")
    expect(position).to_have_text(words["second"])
    expect(page.get_by_test_id("queue-wait")).not_to_be_empty()
    _fits(page)

    # The agent finishes the chat before ours: the next one goes to them; we move up, live.
    off_loop(lambda: services.chat_close(conversation=busy, by=chat_agent))
    expect(position).to_have_text(words["next"])
    assert off_loop(lambda: Conversation.objects.get(pk=ahead.pk).state) == "active"
    page.context.close()


def test_the_widget_embedded_on_another_origin_connects_and_exchanges_messages(
    browser: Browser, desk: Served, shop: Served, chat_settings: Any, chat_agent: User
) -> None:
    host = shop
    chat_settings.CHAT_ALLOWED_ORIGINS = [f"http://localhost:{host.port}"]
    off_loop(
        lambda: services.presence_set(user=chat_agent, status="online", capacity=3, languages=["en"])
    )
    page = _phone(browser, "en")
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: print("WS<", payload)))
    page.goto(host.url)
    launcher = page.get_by_test_id("chat-launcher")
    expect(launcher).to_have_text("Chat with us")
    launcher.click()
    expect(page.get_by_test_id("chat-frame")).to_be_visible()
    box = page.get_by_test_id("chat-frame").bounding_box()
    assert box is not None and box["width"] == PHONE["width"]  # the whole screen on a phone

    frame = page.frame_locator("#walletdesk-chat-frame")
    expect(frame.locator("#chat")).to_have_attribute("data-mode", "embed")
    frame.locator("#chat-visitor-name").fill("Jane Visitor")
    frame.locator("#chat-visitor-contact").fill("not-an-address")
    frame.get_by_test_id(f"topic-{TYPE}").click()
    expect(frame.locator("#chat-visitor-contact-error")).to_contain_text("valid email address")

    frame.locator("#chat-visitor-contact").fill("jane@example.com")
    frame.get_by_test_id(f"topic-{TYPE}").click()
    expect(frame.get_by_test_id("suggestions")).to_be_visible()
    expect(frame.get_by_test_id("guest-notice")).to_be_visible()
    expect(frame.locator("#chat")).to_have_attribute("data-connection", "open")

    frame.get_by_test_id("still-need-help").click()  # the agent has room: taken at once
    conversation = off_loop(lambda: Conversation.objects.get(visitor_name="Jane Visitor"))
    assert conversation.site == f"http://localhost:{host.port}"
    expect(frame.locator('[data-testid="state"][data-state="active"]')).to_be_visible()

    frame.locator("#chat-input").fill("Hello from the shop <b>page</b> https://example.com/x")
    frame.locator("#chat-send").click()
    mine = frame.locator('.chat-msg[data-author="customer"]').last
    expect(mine).to_have_attribute("data-status", "sent")
    expect(mine).to_contain_text("<b>page</b>")  # text, not markup
    expect(mine.locator("a")).to_have_attribute("rel", "noopener nofollow noreferrer")

    def agent_reply() -> None:
        current = Conversation.objects.get(pk=conversation.pk)
        services.agent_say(
            conversation=current, user=chat_agent, text="Hi Jane, I am looking.", client_id="a1"
        )

    off_loop(agent_reply)
    theirs = frame.locator('.chat-msg[data-author="agent"]')
    expect(theirs).to_contain_text("Hi Jane, I am looking.")
    stored = off_loop(
        lambda: list(
            Conversation.objects.get(pk=conversation.pk)
            .entries.filter(kind="message", author="customer")
            .values_list("text", flat=True)
        )
    )
    assert any("Hello from the shop" in text for text in stored)

    # The agent types, then reads what the customer wrote: the indicator, then the ticks.
    topic = conversation_topic(conversation.pk)
    off_loop(lambda: chatbus.publish(topic, {"kind": "typing", "from": "agent", "on": True}))
    expect(frame.get_by_test_id("typing")).to_be_visible()
    expect(frame.get_by_test_id("typing")).to_contain_text("is typing")
    off_loop(lambda: chatbus.publish(topic, {"kind": "typing", "from": "agent", "on": False}))
    expect(frame.get_by_test_id("typing")).to_be_hidden()

    def agent_reads() -> None:
        current = Conversation.objects.get(pk=conversation.pk)
        services.read_mark(conversation=current, by_agent=True, seq=current.last_seq)

    off_loop(agent_reads)
    expect(mine).to_have_attribute("data-status", "read")

    # The agent closes; the customer rates it and is told where the transcript went.
    off_loop(
        lambda: services.chat_close(
            conversation=Conversation.objects.get(pk=conversation.pk), by=chat_agent
        )
    )
    rating = frame.get_by_test_id("rating")
    expect(rating).to_be_visible()
    expect(frame.locator("#chat-composer")).to_be_hidden()
    rating.get_by_test_id("star-4").click()
    frame.locator("#chat-rating-comment").fill("Quick and kind.")
    frame.locator("#chat-rating-send").click()
    expect(frame.get_by_test_id("after")).to_contain_text("j***@example.com")
    wait_for(lambda: off_loop(lambda: Conversation.objects.get(pk=conversation.pk).rating) == 4)
    assert off_loop(lambda: Conversation.objects.get(pk=conversation.pk).rating_comment) == (
        "Quick and kind."
    )

    # The minimise button hands the page back; the launcher opens the same chat again.
    frame.locator("#chat-minimise").click()
    expect(page.get_by_test_id("chat-frame")).to_be_hidden()
    launcher.click()
    expect(frame.get_by_test_id("after")).to_be_visible()
    page.context.close()


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.1)
