"""The chats page: who sees which waiting chats, the agent's own chats, the badge, presence."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web_console.chat_fixtures import (
    _chat_all_day,
    chat_desk,
    queued,
    start_chat,
    waiting_chat,
)
from tests.web_console.conftest import HTMX
from walletdesk.chat import services
from walletdesk.chat.choices import ConversationState, Presence
from walletdesk.chat.models import AgentPresence, Conversation
from walletdesk.identity.models import Customer, Role, User

pytestmark = pytest.mark.django_db
__all__ = ["_chat_all_day", "chat_desk", "waiting_chat"]  # fixtures used by name

CHATS = reverse("console:chats")
LISTS = reverse("console:chat-lists")


def _rows(html: str, section: str) -> list[str]:
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr data-chat="([^"]+)"', part)


def test_the_waiting_list_shows_position_type_language_wait_and_identity(
    login_as, agent: User, customer: Customer, waiting_chat: Callable[..., Conversation]
) -> None:
    first = waiting_chat(customer=customer, language="zh-hans", first="我的充值没有到账")
    second = waiting_chat(visitor_name="Visitor Vic")
    html = login_as(agent).get(CHATS).content.decode()
    assert _rows(html, "chats-waiting") == [first.key, second.key]
    waiting = html.split('id="chats-waiting"', 1)[1].split("</section>", 1)[0]
    assert "Top-up not credited" in waiting or "top-up" in waiting.lower()
    assert "简体中文" in waiting
    assert "English" in waiting
    assert waiting.count('data-verified="yes"') == 1
    assert waiting.count('data-verified="no"') == 1
    assert "王小明" in waiting
    assert "Visitor Vic" in waiting
    assert "<time" in waiting  # how long they have waited


def test_an_agent_sees_only_chats_of_tickets_they_may_see(
    login_as,
    agent: User,
    security_specialist: User,
    supervisor: User,
    waiting_chat: Callable[..., Conversation],
) -> None:
    chat = waiting_chat()  # a top-up: the frontline's queue
    assert chat.state == ConversationState.QUEUED
    assert chat.key in _rows(login_as(agent).get(CHATS).content.decode(), "chats-waiting")
    assert chat.key in _rows(login_as(supervisor).get(CHATS).content.decode(), "chats-waiting")
    other = login_as(security_specialist).get(CHATS).content.decode()
    assert chat.key not in other
    assert (
        login_as(security_specialist).get(reverse("console:chat", args=[chat.key])).status_code
        == 404
    )


def test_the_agents_own_chats_are_listed_with_what_is_unread(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    chat.refresh_from_db()
    html = login_as(agent).get(CHATS).content.decode()
    assert _rows(html, "chats-active") == [chat.key]
    assert chat.key not in _rows(html, "chats-waiting")


def test_the_lists_fragment_is_the_lists_alone(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    response = login_as(agent).get(LISTS, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="chat-lists"')
    assert chat.key in html
    assert "<html" not in html


def test_the_navigation_badge_counts_waiting_chats(
    login_as, agent: User, security_specialist: User, waiting_chat: Callable[..., Conversation]
) -> None:
    waiting_chat()
    waiting_chat()
    inbox = login_as(agent).get(reverse("console:inbox")).content.decode()
    assert re.search(r'id="nav-chats-badge"[^>]*data-count="2"', inbox)
    badge = login_as(agent).get(reverse("console:chat-badge")).content.decode()
    assert 'data-count="2" class="badge badge-critical"' in badge
    assert "2 chats waiting" in badge
    empty = login_as(security_specialist).get(reverse("console:chat-badge")).content.decode()
    assert empty.strip() == '<span id="nav-chats-badge" data-count="0"></span>'


def test_signed_out_fragments_send_the_window_to_sign_in(client: Client) -> None:
    response = client.get(LISTS, headers=HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" in response.headers
    assert client.get(CHATS).status_code == 302


def test_presence_is_saved_and_shown(login_as, agent: User) -> None:
    client = login_as(agent)
    response = client.post(
        reverse("console:chat-presence"), {"status": Presence.ONLINE, "capacity": "4"}, headers=HTMX
    )
    assert response.status_code == 200
    assert 'data-outcome="ok"' in response.content.decode()
    presence = AgentPresence.objects.get(user=agent)
    assert (presence.status, presence.capacity) == (Presence.ONLINE, 4)
    assert 'data-status="online"' in client.get(CHATS).content.decode()


@pytest.mark.parametrize(
    "data", [{"status": "dancing"}, {"status": "online", "capacity": "999"}, {"capacity": "x"}]
)
def test_presence_refuses_nonsense_without_an_error_page(login_as, agent: User, data) -> None:
    response = login_as(agent).post(reverse("console:chat-presence"), data, headers=HTMX)
    assert response.status_code == 200
    assert 'data-outcome="refused"' in response.content.decode()
    assert not AgentPresence.objects.filter(user=agent, status="dancing").exists()


def test_presence_needs_the_csrf_token(agent: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post(reverse("console:chat-presence"), {"status": Presence.ONLINE})
    assert response.status_code == 403
    assert not AgentPresence.objects.filter(user=agent, status=Presence.ONLINE).exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_list_queries_do_not_grow_with_chats(
    login_as, make_user, make_customer, chat_desk: User, role: str, django_assert_max_num_queries
) -> None:
    user = make_user(role, ("frontline",))
    client = login_as(user)

    def add(count: int) -> None:
        for n in range(count):
            chat = queued(start_chat(customer=make_customer() if n % 2 else None))
            if n % 3 == 0:
                services.chat_accept(conversation=chat, user=user)

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHATS).status_code == 200
    add(12)
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as many:
        assert client.get(CHATS).status_code == 200
    assert len(many) == len(few)
