"""Who sees which chat: the tickets' rule, on the chat's ticket; an unverified visitor is never
linked to a customer's account."""

from __future__ import annotations

import pytest

from walletdesk.chat.choices import ConversationState
from walletdesk.chat.selectors import active_for, agent_may_see, waiting_for
from walletdesk.chat.services import chat_accept, chat_close, conversation_start, queue_join
from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Role
from walletdesk.tickets.permissions import can_view_customer, can_view_ticket

pytestmark = pytest.mark.django_db


def test_a_chat_without_a_ticket_is_seen_by_nobody(visitor_chat, supervisor):
    conversation = visitor_chat()
    assert not agent_may_see(user=supervisor, conversation=conversation)


def test_agent_may_see_follows_the_tickets_rule(visitor_chat, online_agent, make_user, supervisor):
    busy = online_agent(capacity=1)
    first = visitor_chat(problem_type="topup_not_credited")
    queue_join(conversation=first)  # assigned to `busy`, who is now full
    waiting = visitor_chat(problem_type="fees_limits")
    queue_join(conversation=waiting)
    waiting.refresh_from_db()
    assert waiting.state == ConversationState.QUEUED
    frontline = make_user(Role.AGENT, ("frontline",))
    payments = make_user(Role.AGENT, ("payments",))
    for user in (frontline, payments, supervisor, busy):
        assert agent_may_see(user=user, conversation=waiting) == can_view_ticket(
            user, waiting.ticket
        )
    assert agent_may_see(user=frontline, conversation=waiting)
    assert not agent_may_see(user=payments, conversation=waiting)
    assert waiting_for(user=frontline) == [waiting]
    assert waiting_for(user=payments) == []
    assert waiting_for(user=supervisor) == [waiting]
    with pytest.raises(NotFound):
        chat_accept(conversation=waiting, user=payments)
    chat_accept(conversation=waiting, user=frontline)
    assert active_for(user=frontline) == [waiting]
    assert active_for(user=busy) == [first]
    with pytest.raises(NotFound):
        chat_close(conversation=waiting, by=payments)
    frontline.is_active = False
    frontline.save()
    assert not agent_may_see(user=frontline, conversation=waiting)
    assert active_for(user=frontline) == []


def test_a_security_chat_is_not_seen_by_frontline(visitor_chat, online_agent, make_user):
    online_agent(teams=("security",))
    conversation = visitor_chat(problem_type="account_stolen")
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.team.code == "security"
    assert not agent_may_see(user=make_user(Role.AGENT, ("frontline",)), conversation=conversation)


def test_an_unverified_visitor_is_never_linked_to_the_account_of_the_address_they_gave(
    make_customer, online_agent
):
    victim = make_customer(email="victim@example.com", display_name="Victim")
    agent = online_agent()
    started = conversation_start(
        origin="embed",
        language="en",
        visitor_name="Someone",
        visitor_contact="victim@example.com",
    )
    conversation = started.conversation
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.customer is None
    assert not conversation.verified
    ticket = conversation.ticket
    assert ticket.requester is None
    assert ticket.contact == "victim@example.com"
    assert agent_may_see(user=agent, conversation=conversation)
    assert not can_view_customer(agent, victim)


def test_a_portal_customer_is_verified_and_their_ticket_is_theirs(customer, online_agent):
    agent = online_agent()
    conversation = conversation_start(
        origin="portal", language="zh-hans", customer=customer, problem_type="topup_not_credited"
    ).conversation
    assert conversation.verified
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.ticket.requester == customer
    assert conversation.ticket.requester_verified
    assert can_view_customer(agent, customer)
