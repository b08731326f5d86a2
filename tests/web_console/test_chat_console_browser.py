"""The chat pane's own behaviours in a real browser, the customer at websocket level: a message
written while the agent's connection is down goes out once when it is back; the mute switch;
the console in Chinese; live messages stamped in the server's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.browser_launch import off_loop
from tests.conftest import PASSWORD
from tests.web_console.asgi_server import asgi_server
from tests.web_console.chat_customer_socket import CustomerSocket
from walletdesk.chat import services
from walletdesk.chat.choices import ConversationState, Origin, Presence
from walletdesk.chat.contracts import Started
from walletdesk.chat.models import Entry
from walletdesk.identity.models import Customer, User
from walletdesk.vocab.choices import ProblemType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture
def server(settings: Any) -> Iterator[str]:
    settings.CHAT_HOURS = ""
    with asgi_server() as base:
        yield base


def _signed_in(
    browser: Browser, base: str, user: User, language: str = "en", time_zone: str | None = None
) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=time_zone)
    context.add_cookies([{"name": "wd_lang", "value": language, "url": base}])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    return page


def _chat_with(agent: User, customer: Customer) -> Started:
    """A chat the agent (online, with room) has been given."""
    services.presence_set(user=agent, status=Presence.ONLINE, capacity=2, languages=["en"])
    started = services.conversation_start(
        origin=Origin.PORTAL,
        language="en",
        problem_type=ProblemType.TOPUP_NOT_CREDITED,
        customer=customer,
    )
    services.customer_say(conversation=started.conversation, text="Hello?", client_id="c-1")
    services.queue_join(conversation=started.conversation)
    started.conversation.refresh_from_db()
    assert started.conversation.state == ConversationState.ACTIVE
    return started


def test_a_message_written_offline_goes_out_once_on_reconnect(
    browser: Browser, server: str, agent: User, customer: Customer
) -> None:
    started = off_loop(lambda: _chat_with(agent, customer))
    key = started.conversation.key
    page = _signed_in(browser, server, agent)
    down = {"now": False}
    open_routes: list[WebSocketRoute] = []

    def route(socket: WebSocketRoute) -> None:
        if down["now"]:
            socket.close()  # the server is unreachable: the console keeps retrying
        else:
            socket.connect_to_server()
            open_routes.append(socket)

    page.route_web_socket("**/ws/chat/agent/", route)
    page.goto(f"{server}/console/chats/{key}/")
    page.wait_for_function("() => window.WDChat && window.WDChat.connected")
    customer_socket = CustomerSocket(server, key=key, token=started.token)
    customer_socket.wait_for(kind="hello")
    expect(page.locator("#chat-entries")).to_contain_text("Hello?")

    down["now"] = True
    for socket in open_routes:  # the open connection drops
        socket.close()
    page.wait_for_function("() => !window.WDChat.connected")
    expect(page.locator("#chat-connection")).to_be_visible()
    page.fill("#chat-text", "Written while the line was down.")
    page.click("#chat-send")
    pending = page.locator("#chat-entries li.msg-pending")
    expect(pending).to_contain_text("Written while the line was down.")
    page.wait_for_timeout(1500)
    assert not [f for f in customer_socket.frames if f.get("author") == "agent"]

    down["now"] = False
    customer_socket.wait_for(
        pause=lambda: page.wait_for_timeout(50),
        kind="message",
        author="agent",
        text="Written while the line was down.",
    )
    expect(pending).to_have_count(0)
    tick = page.locator("#chat-entries li[data-author=agent] .chat-tick").last
    expect(tick).to_have_attribute("data-state", "sent")
    page.wait_for_timeout(1000)
    heard = [f for f in customer_socket.frames if f.get("author") == "agent"]
    assert len(heard) == 1  # once, not once per reconnect attempt
    assert page.locator("#chat-entries li[data-author=agent]").count() == 1
    customer_socket.close()


def test_the_mute_switch_keeps_the_tone_quiet_but_not_the_title(
    browser: Browser, server: str, agent: User
) -> None:
    page = _signed_in(browser, server, agent)
    page.goto(f"{server}/console/chats/")
    page.wait_for_function("() => window.WDChat && window.WDChat.connected")
    mute = page.locator("#chat-mute")
    expect(mute).to_have_attribute("aria-pressed", "false")
    page.evaluate("window.WDChat.notify('queue.changed')")
    assert page.evaluate("window.WDChat.tones") == 1
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    expect(mute).to_have_text("Sound off")
    page.evaluate("window.WDChat.notify('chat.assigned')")
    assert page.evaluate("window.WDChat.tones") == 1
    assert page.evaluate("window.WDChat.flashes") == 2
    page.reload()  # kept in this browser
    expect(page.locator("#chat-mute")).to_have_attribute("aria-pressed", "true")


def test_the_chats_page_in_chinese(browser: Browser, server: str, agent: User) -> None:
    off_loop(lambda: services.presence_set(user=agent, status=Presence.AWAY))
    page = _signed_in(browser, server, agent, language="zh-hans")
    page.goto(f"{server}/console/chats/")
    expect(page.locator("h1")).to_have_text("在线会话")
    expect(page.locator("#chats-waiting")).to_contain_text("目前没有排队的会话")
    expect(page.locator("#presence-now")).to_contain_text("离开")
    page.select_option("#chat-presence select[name=status]", Presence.ONLINE)
    expect(page.locator("#chat-presence [data-outcome=ok]")).to_contain_text("已保存")
    expect(page.locator("#presence-now [data-status]")).to_have_attribute("data-status", "online")


def test_live_messages_show_the_same_clock_as_the_page_and_the_transfer_card_says_handover(
    browser: Browser, server: str, agent: User, customer: Customer
) -> None:
    # The agent's computer is set to New York; the server (and every entry the page came with)
    # to Beijing: a message arriving live is stamped like those, not in the computer's zone.
    started = off_loop(lambda: _chat_with(agent, customer))
    key = started.conversation.key
    page = _signed_in(browser, server, agent, language="zh-hans", time_zone="America/New_York")
    page.goto(f"{server}/console/chats/{key}/")
    page.wait_for_function("() => window.WDChat && window.WDChat.connected")
    # Handing a chat over (转接), not a money transfer (转账).
    expect(page.locator("#chat-transfer-card h2")).to_have_text("转接")
    customer_socket = CustomerSocket(server, key=key, token=started.token)
    customer_socket.wait_for(kind="hello")
    customer_socket.say("充值还没到账，arrived live")
    live = page.locator("#chat-entries li[data-author=customer]").last
    expect(live).to_contain_text("arrived live")
    entry = off_loop(
        lambda: Entry.objects.get(conversation=started.conversation, text__contains="live")
    )
    stamped = timezone.localtime(entry.created_at).strftime("%H:%M")
    expect(live.locator("time")).to_have_text(stamped)
    customer_socket.close()
