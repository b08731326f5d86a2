"""The widget in a real browser, on a 360 px phone, in Chinese and English, against the whole
ASGI application (HTTP and the chat socket): a signed-in customer picks a type, sees the
suggestions, joins the queue and watches their place move as the queue ahead is served; the
widget embedded in a page of another origin connects and exchanges messages; the app's
webview shows the agent's read receipts."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.web.chatwidget.browsing import MARKS, TYPE, db, fits, visitor, wait_for
from tests.web.chatwidget.conftest import PHONE, SECRET
from tests.web.chatwidget.servers import Served
from walletdesk.chat import services
from walletdesk.chat.choices import ConversationState
from walletdesk.chat.identity_token import identity_token_mint
from walletdesk.chat.models import Conversation
from walletdesk.core import chatbus
from walletdesk.core.chatbus import conversation_topic
from walletdesk.identity.models import Customer, User

pytestmark = MARKS
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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_customer_picks_a_type_sees_suggestions_and_watches_the_queue_move(
    phone_at: Callable[[str], Page],
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
        busy = visitor(language, "Busy")
        ahead = visitor(language, "Ahead")
        assert busy.state == ConversationState.ACTIVE
        assert busy.agent_id == chat_agent.pk
        assert ahead.state == ConversationState.QUEUED
        return busy, ahead

    busy, ahead = off_loop(one_busy_agent_and_one_chat_waiting)

    page = phone_at(language)
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
        assert box is not None
        assert box["height"] >= 44
    fits(page)

    page.get_by_test_id(f"topic-{TYPE}").click()
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_be_visible()
    flow = suggestions.get_by_test_id("flow")
    expect(flow).to_have_attribute("href", re.compile(rf"/contact/\?problem_type={TYPE}$"))
    expect(page.locator("#chat")).to_have_attribute("data-connection", "open")
    # The articles line up with the flow's button: no bullet hanging beside a wrapped title.
    article = suggestions.locator("li a").first
    expect(article).to_be_visible()
    article_box, flow_box = article.bounding_box(), flow.bounding_box()
    assert article_box is not None
    assert flow_box is not None
    assert abs(article_box["x"] - flow_box["x"]) < 2
    fits(page)

    page.get_by_test_id("still-need-help").click()
    expect(page.get_by_test_id("still-need-help")).to_have_text(words["still"])
    position = page.get_by_test_id("queue-position")
    expect(position).to_have_text(words["second"])
    expect(page.get_by_test_id("queue-wait")).not_to_be_empty()
    fits(page)

    # The intake question asked in the queue: its answer box is a real field, a finger's height
    # and most of the card's width (not the browser's bare default input).
    question = page.get_by_test_id("question").last
    answer = question.locator("input")
    expect(answer).to_be_visible()
    field, card = answer.bounding_box(), question.bounding_box()
    assert field is not None
    assert card is not None
    assert field["height"] >= 44
    assert field["width"] >= card["width"] / 2
    fits(page)

    # The agent finishes the chat before ours: the next one goes to them; we move up, live.
    off_loop(lambda: services.chat_close(conversation=busy, by=chat_agent))
    expect(position).to_have_text(words["next"])
    assert db(lambda: Conversation.objects.get(pk=ahead.pk).state) == "active"


def test_the_widget_embedded_on_another_origin_connects_and_exchanges_messages(
    phone_at: Callable[[str], Page],
    desk: Served,
    shop: Served,
    chat_settings: Any,
    chat_agent: User,
) -> None:
    host = shop
    chat_settings.CHAT_ALLOWED_ORIGINS = [f"http://localhost:{host.port}"]
    off_loop(
        lambda: services.presence_set(
            user=chat_agent, status="online", capacity=3, languages=["en"]
        )
    )
    page = phone_at("en")
    page.goto(host.url)
    launcher = page.get_by_test_id("chat-launcher")
    expect(launcher).to_have_text("Chat with us")
    launcher.click()
    expect(page.get_by_test_id("chat-frame")).to_be_visible()
    box = page.get_by_test_id("chat-frame").bounding_box()
    assert box is not None
    assert box["width"] == PHONE["width"]

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
    expect(frame.locator('[data-testid="state"][data-state="active"]')).to_be_visible()
    conversation = db(lambda: Conversation.objects.get(visitor_name="Jane Visitor"))
    assert conversation.site == f"http://localhost:{host.port}"

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
    stored = db(
        lambda: list(
            Conversation.objects.get(pk=conversation.pk)
            .entries.filter(kind="message", author="customer")
            .values_list("text", flat=True)
        )
    )
    assert any("Hello from the shop" in text for text in stored)

    # The agent types: the indicator comes and goes.
    topic = conversation_topic(conversation.pk)
    off_loop(lambda: chatbus.publish(topic, {"kind": "typing", "from": "agent", "on": True}))
    expect(frame.get_by_test_id("typing")).to_be_visible()
    expect(frame.get_by_test_id("typing")).to_contain_text("is typing")
    off_loop(lambda: chatbus.publish(topic, {"kind": "typing", "from": "agent", "on": False}))
    expect(frame.get_by_test_id("typing")).to_be_hidden()

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
    wait_for(lambda: db(lambda: Conversation.objects.get(pk=conversation.pk).rating) == 4)
    assert db(lambda: Conversation.objects.get(pk=conversation.pk).rating_comment) == (
        "Quick and kind."
    )

    # The minimise button hands the page back; the launcher opens the same chat again.
    frame.locator("#chat-minimise").click()
    expect(page.get_by_test_id("chat-frame")).to_be_hidden()
    launcher.click()
    expect(frame.get_by_test_id("after")).to_be_visible()


def test_the_agents_read_mark_ticks_the_customers_messages(
    phone_at: Callable[[str], Page],
    desk: Served,
    make_customer: Callable[..., Customer],
    chat_agent: User,
) -> None:
    """In the wallet app's webview (an identity token), in Chinese."""
    customer = off_loop(lambda: make_customer(email="reader@example.com", language="zh-hans"))
    off_loop(
        lambda: services.presence_set(
            user=chat_agent, status="online", capacity=3, languages=["zh-hans"]
        )
    )
    token = identity_token_mint(
        secret=SECRET, sub=customer.ref, exp=int(time.time()) + 300, lang="zh-hans"
    )
    page = phone_at("zh-hans")
    page.goto(f"{desk.url}/chat/?identity={token}")
    expect(page.locator("#chat")).to_have_attribute("data-mode", "app")
    page.get_by_test_id(f"topic-{TYPE}").click()
    expect(page.get_by_test_id("suggestions")).to_be_visible()
    assert "identity=" not in page.url  # the token leaves the address once used
    page.get_by_test_id("still-need-help").click()
    expect(page.locator('[data-testid="state"][data-state="active"]')).to_be_visible()
    page.locator("#chat-input").fill("我的充值还没到账")
    page.locator("#chat-send").click()
    mine = page.locator('.chat-msg[data-author="customer"]').last
    expect(mine).to_have_attribute("data-status", "sent")

    def agent_reads() -> None:
        current = Conversation.objects.get(customer=customer)
        services.read_mark(conversation=current, by_agent=True, seq=current.last_seq)

    db(agent_reads)
    expect(mine).to_have_attribute("data-status", "read")
    expect(mine).to_contain_text("已读")
