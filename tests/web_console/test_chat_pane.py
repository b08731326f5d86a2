"""One chat in the console: who may open it, what it shows (text, never HTML), and the actions
an agent takes on it — accept, note, transfer, close — each a CSRF-checked form post."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web_console.chat_fixtures import _chat_all_day, chat_desk, say, waiting_chat
from tests.web_console.conftest import HTMX
from walletdesk.chat import services
from walletdesk.chat.choices import ConversationState
from walletdesk.chat.models import CannedReply, Conversation, Entry
from walletdesk.identity.models import Customer, Role, Team, User
from walletdesk.tickets.choices import MessageKind

pytestmark = pytest.mark.django_db
__all__ = ["_chat_all_day", "chat_desk", "waiting_chat"]  # fixtures used by name

BALANCE = "12,345.00 CNY"
ACTIONS = ("chat-accept", "chat-note", "chat-transfer", "chat-close")


def _url(name: str, chat: Conversation) -> str:
    return reverse(f"console:{name}", args=[chat.key])


def test_the_pane_shows_the_conversation_as_text(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat(first="<script>alert('x')</script> 你好")
    html = login_as(agent).get(_url("chat", chat)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 你好" in html
    assert f'data-chat-key="{chat.key}"' in html
    assert 'id="chat-accept"' in html  # waiting: anyone who sees it may take it
    assert 'data-may-send="0"' in html


@pytest.mark.parametrize("key", ["nosuchchat", "bad key!", "x" * 40])
def test_unknown_and_malformed_keys_are_not_found(login_as, agent: User, key: str) -> None:
    client = login_as(agent)
    assert client.get(f"/console/chats/{key}/").status_code == 404
    assert client.post(f"/console/chats/{key}/accept/").status_code == 404


def test_every_url_of_a_chat_is_not_found_for_who_may_not_see_it(
    login_as, security_specialist: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    client = login_as(security_specialist)
    assert client.get(_url("chat", chat)).status_code == 404
    assert client.get(_url("chat-header", chat), headers=HTMX).status_code == 404
    for name in ACTIONS:
        assert (
            client.post(_url(name, chat), {"text": "x", "to_team": "payments"}).status_code == 404
        )
    chat.refresh_from_db()
    assert chat.state == ConversationState.QUEUED
    assert chat.agent is None


def test_actions_need_the_csrf_token(
    agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    for name in ACTIONS:
        assert client.post(_url(name, chat), {"text": "x"}).status_code == 403
    assert client.get(_url("chat-accept", chat)).status_code == 405
    chat.refresh_from_db()
    assert chat.state == ConversationState.QUEUED


def test_accept_gives_the_chat_to_the_agent_and_opens_the_composer(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    response = login_as(agent).post(_url("chat-accept", chat), headers=HTMX)
    html = response.content.decode()
    assert 'data-outcome="ok"' in html
    assert 'id="chat-header" data-state="active" data-may-send="1" hx-swap-oob="true"' in html
    chat.refresh_from_db()
    assert (chat.state, chat.agent) == (ConversationState.ACTIVE, agent)
    page = login_as(agent).get(_url("chat", chat)).content.decode()
    assert 'id="chat-accept"' not in page
    assert 'data-may-send="1"' in page


def test_an_internal_note_stays_off_the_conversation(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    entries = Entry.objects.filter(conversation=chat).count()
    response = login_as(agent).post(
        _url("chat-note", chat), {"text": "Customer sounds anxious; check the bank."}, headers=HTMX
    )
    html = response.content.decode()
    assert 'data-outcome="ok"' in html
    assert "Customer sounds anxious" in html
    assert Entry.objects.filter(conversation=chat).count() == entries
    chat.refresh_from_db()
    assert chat.ticket is not None
    assert chat.ticket.messages.filter(kind=MessageKind.NOTE, body__contains="anxious").exists()
    empty = login_as(agent).post(_url("chat-note", chat), {"text": "  "}, headers=HTMX)
    assert 'data-outcome="refused"' in empty.content.decode()


def test_transfer_to_another_agent_with_a_note(
    login_as, agent: User, make_user, waiting_chat: Callable[..., Conversation]
) -> None:
    colleague = make_user(Role.AGENT, ("frontline",), username="colleague")
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    response = login_as(agent).post(
        _url("chat-transfer", chat),
        {"to_user": str(colleague.pk), "note": "Needs the card details checked."},
        headers=HTMX,
    )
    assert response.status_code == 200
    chat.refresh_from_db()
    assert chat.agent == colleague
    assert chat.ticket is not None
    assert chat.ticket.messages.filter(body__contains="card details checked").exists()
    page = login_as(colleague).get(_url("chat", chat)).content.decode()
    assert 'data-may-send="1"' in page


def test_transfer_to_a_team_out_of_reach_sends_the_agent_back_to_the_list(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    response = login_as(agent).post(
        _url("chat-transfer", chat),
        {"to_team": "security", "note": "Looks like a takeover."},
        headers=HTMX,
    )
    assert response.status_code == 200
    chat.refresh_from_db()
    assert chat.team == Team.objects.get(code="security")
    if login_as(agent).get(_url("chat", chat)).status_code == 404:
        assert response.headers["HX-Redirect"] == reverse("console:chats")


@pytest.mark.parametrize(
    "data", [{}, {"to_user": "1", "to_team": "payments"}, {"to_user": "abc"}, {"to_team": "x"}]
)
def test_transfer_refuses_nonsense_without_an_error_page(
    login_as, agent: User, waiting_chat: Callable[..., Conversation], data
) -> None:
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    response = login_as(agent).post(_url("chat-transfer", chat), data, headers=HTMX)
    assert response.status_code == 200
    assert 'data-outcome="refused"' in response.content.decode()
    chat.refresh_from_db()
    assert chat.agent == agent


def test_close_then_the_rating_shows(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    services.chat_accept(conversation=chat, user=agent)
    client = login_as(agent)
    html = client.post(_url("chat-close", chat), headers=HTMX).content.decode()
    assert 'data-state="closed"' in html
    assert "has not rated it yet" in html
    chat.refresh_from_db()
    services.chat_rate(conversation=chat, score=4, comment="Quick & <b>kind</b>")
    header = client.get(_url("chat-header", chat), headers=HTMX).content.decode()
    assert "rated this chat 4 out of 5" in header
    assert "Quick &amp; &lt;b&gt;kind&lt;/b&gt;" in header


def test_a_verified_customer_brings_the_customer_panel(
    login_as, agent: User, wallet_customer: Customer, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat(customer=wallet_customer)
    html = login_as(agent).get(_url("chat", chat)).content.decode()
    assert 'id="customer-panel"' in html
    assert BALANCE in html
    assert 'data-verified="yes"' in html


def test_an_unverified_visitor_shows_no_account_data(
    login_as,
    agent: User,
    supervisor: User,
    wallet_customer: Customer,
    waiting_chat: Callable[..., Conversation],
) -> None:
    # The visitor types a real customer's name and address: it proves nothing.
    chat = waiting_chat(visitor_name="王小明", visitor_contact=wallet_customer.email or "")
    for viewer in (agent, supervisor):
        html = login_as(viewer).get(_url("chat", chat)).content.decode()
        assert 'id="customer-panel"' not in html
        assert BALANCE not in html
        assert "4242" not in html
        assert 'data-verified="no"' in html
        assert 'id="chat-unverified"' in html


def test_canned_replies_follow_the_agents_teams_and_languages(
    login_as, agent: User, supervisor: User, waiting_chat: Callable[..., Conversation]
) -> None:
    frontline, security = Team.objects.get(code="frontline"), Team.objects.get(code="security")
    CannedReply.objects.create(title="Greeting", body="Hello, how can I help?", language="en")
    CannedReply.objects.create(title="问候", body="您好，请问有什么可以帮您？", language="zh-hans")
    CannedReply.objects.create(
        title="Top-up check", body="Checking.", language="en", team=frontline
    )
    CannedReply.objects.create(title="Takeover", body="Secure it.", language="en", team=security)
    for user in (agent, supervisor):
        user.language = "en"
        user.save(update_fields=["language"])
    chat = waiting_chat()
    html = login_as(agent).get(_url("chat", chat)).content.decode()
    assert 'data-canned-body="Hello, how can I help?"' in html
    assert "Top-up check" in html
    assert "Takeover" not in html
    assert "问候" not in html  # not one of the agent's languages
    assert "Takeover" in login_as(supervisor).get(_url("chat", chat)).content.decode()


def test_pane_queries_do_not_grow_with_the_conversation(
    login_as,
    agent: User,
    wallet_customer: Customer,
    waiting_chat: Callable[..., Conversation],
    django_assert_max_num_queries,
) -> None:
    chat = waiting_chat(customer=wallet_customer)
    services.chat_accept(conversation=chat, user=agent)
    services.chat_note(conversation=chat, by=agent, text="The first note.")
    client = login_as(agent)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("chat", chat)).status_code == 200
    for n in range(20):
        say(chat, f"Message {n}")
        services.agent_say(conversation=chat, user=agent, text=f"Answer {n}", client_id=f"a{n}")
        services.chat_note(conversation=chat, by=agent, text=f"Note {n}")
    with django_assert_max_num_queries(45), CaptureQueriesContext(connection) as many:
        assert client.get(_url("chat", chat)).status_code == 200
    assert len(many) == len(few)


def test_the_chats_ticket_page_leads_to_the_chat(
    login_as, agent: User, waiting_chat: Callable[..., Conversation]
) -> None:
    chat = waiting_chat()
    assert chat.ticket is not None
    html = login_as(agent).get(reverse("console:ticket", args=[chat.ticket.pk])).content.decode()
    assert f'href="{_url("chat", chat)}"' in html
    assert 'id="ticket-chat"' in html
