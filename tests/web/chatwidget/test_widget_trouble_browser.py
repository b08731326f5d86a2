"""The widget when things go wrong, in a real browser at 360 px: a cut connection comes back
with what it missed, once and in order; outside the service hours the chat becomes a message
answered by email; at peak the widget offers to leave a message instead of waiting."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.browser_launch import off_loop
from tests.web.chatwidget.browsing import MARKS, TYPE, db, fits, visitor
from tests.web.chatwidget.conftest import SECRET
from tests.web.chatwidget.servers import Served
from walletdesk.chat import services
from walletdesk.chat.choices import ConversationState
from walletdesk.chat.identity_token import identity_token_mint
from walletdesk.chat.models import Conversation
from walletdesk.identity.models import Customer, User

pytestmark = MARKS


def test_a_dropped_connection_comes_back_with_what_was_missed_once_and_in_order(
    phone_at: Callable[[str], Page],
    desk: Served,
    make_customer: Callable[..., Customer],
    chat_agent: User,
) -> None:
    """The socket is cut and refused for a while: the agent writes twice meanwhile and the
    customer writes once. Back online, the widget shows the agent's messages once each and in
    order, and its own message (kept until acknowledged) is stored once."""
    customer = off_loop(lambda: make_customer(email="cut@example.com", language="en"))
    off_loop(
        lambda: services.presence_set(
            user=chat_agent, status="online", capacity=3, languages=["en"]
        )
    )
    token = identity_token_mint(secret=SECRET, sub=customer.ref, exp=int(time.time()) + 300)
    page = phone_at("en")
    routes: list[WebSocketRoute] = []
    cut = {"on": False}

    def through(route: WebSocketRoute) -> None:
        if cut["on"]:
            route.close(code=1011)
            return
        route.connect_to_server()
        routes.append(route)

    page.route_web_socket(re.compile(r"/ws/chat/$"), through)
    page.goto(f"{desk.url}/chat/?identity={token}&lang=en")
    page.get_by_test_id(f"topic-{TYPE}").click()
    page.get_by_test_id("still-need-help").click()
    expect(page.locator('[data-testid="state"][data-state="active"]')).to_be_visible()

    cut["on"] = True
    routes[-1].close(code=1011)
    expect(page.locator("#chat")).to_have_attribute(
        "data-connection", re.compile("closed|connecting")
    )

    def agent_writes() -> None:
        current = Conversation.objects.get(customer=customer)
        for n in (1, 2):
            services.agent_say(
                conversation=current,
                user=chat_agent,
                text=f"While you were away {n}",
                client_id=f"w{n}",
            )

    db(agent_writes)
    page.locator("#chat-input").fill("Are you still there?")
    page.locator("#chat-send").click()
    mine = page.locator('.chat-msg[data-author="customer"]').last
    expect(mine).to_have_attribute("data-status", "sending")

    cut["on"] = False  # the next retry gets through
    expect(page.locator("#chat")).to_have_attribute("data-connection", "open", timeout=15000)
    expect(mine).to_have_attribute("data-status", "sent")
    theirs = page.locator('.chat-msg[data-author="agent"]')
    expect(theirs).to_have_count(2)
    assert [text.split("\n")[-1] for text in theirs.all_inner_texts()] == [
        "While you were away 1",
        "While you were away 2",
    ]
    seqs = [
        int(s)
        for s in page.locator("#chat-log [data-seq]").evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('data-seq'))"
        )
    ]
    assert seqs == sorted(set(seqs)), seqs  # each entry once, in order
    stored = db(
        lambda: list(
            Conversation.objects.get(customer=customer)
            .entries.filter(author="customer", kind="message")
            .values_list("text", flat=True)
        )
    )
    assert stored.count("Are you still there?") == 1


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_writing_first_outside_service_hours_leaves_a_message_answered_by_email(
    phone_at: Callable[[str], Page],
    desk: Served,
    chat_settings: Any,
    make_customer: Callable[..., Customer],
    language: str,
) -> None:
    """No topic picked: the customer writes first (the assistant's reading of it, when it has
    one, is the chat's to show); asking for a person outside the hours opens a request and
    says when they will hear back."""
    local = dt.datetime.now(ZoneInfo(chat_settings.TIME_ZONE))
    start, end = local + dt.timedelta(hours=2), local + dt.timedelta(hours=3)
    chat_settings.CHAT_HOURS = f"{start:%H:%M}-{end:%H:%M}"
    customer = off_loop(lambda: make_customer(email=f"late-{language}@example.com"))
    token = identity_token_mint(
        secret=SECRET, sub=customer.ref, exp=int(time.time()) + 300, lang=language
    )
    page = phone_at(language)
    page.goto(f"{desk.url}/chat/?identity={token}")
    first = "我充值了100元还没到账" if language == "zh-hans" else "I topped up 100 CNY, not arrived"
    page.locator("#chat-input").fill(first)
    page.locator("#chat-send").click()
    expect(page.get_by_test_id("topics")).to_be_hidden()
    expect(page.locator('.chat-msg[data-author="customer"]')).to_have_attribute(
        "data-status", "sent"
    )
    page.get_by_test_id("still-need-help").click()
    left = page.locator('[data-testid="state"][data-state="left_message"]')
    expect(left).to_be_visible()
    expect(left).to_contain_text("1 个工作日" if language == "zh-hans" else "1 business day")
    expect(page.locator("#chat-new")).to_be_visible()
    fits(page)
    ticket = db(lambda: Conversation.objects.get(customer=customer).ticket)
    assert ticket is not None
    assert ticket.channel == "chat"


def test_at_peak_the_widget_offers_to_leave_a_message_instead(
    phone_at: Callable[[str], Page],
    desk: Served,
    chat_settings: Any,
    make_customer: Callable[..., Customer],
    chat_agent: User,
) -> None:
    chat_settings.CHAT_PEAK_WAIT_SECONDS = 1  # any real wait is "peak"
    customer = off_loop(lambda: make_customer(email="busy@example.com", language="en"))

    def the_only_agent_is_busy() -> None:
        services.presence_set(user=chat_agent, status="online", capacity=1, languages=["en"])
        assert visitor("en", "Busy").state == ConversationState.ACTIVE

    off_loop(the_only_agent_is_busy)
    token = identity_token_mint(secret=SECRET, sub=customer.ref, exp=int(time.time()) + 300)
    page = phone_at("en")
    page.goto(f"{desk.url}/chat/?identity={token}&lang=en")
    page.get_by_test_id(f"topic-{TYPE}").click()
    page.get_by_test_id("still-need-help").click()
    expect(page.get_by_test_id("queue-position")).to_have_text("You are next in line.")
    peak = page.get_by_test_id("peak")
    expect(peak).to_be_visible()
    expect(peak).to_contain_text("we reply by email within 1 business day")
    fits(page)
    peak.locator("#chat-leave-send").click()
    expect(page.locator('[data-testid="state"][data-state="left_message"]')).to_be_visible()
    expect(page.get_by_test_id("queue")).to_be_hidden()
    assert db(lambda: Conversation.objects.get(customer=customer).state) == "left_message"
