"""Every public message on a chat ticket is an entry; replies reach the widget, or the
customer's email once the chat has ended — never lost."""

from __future__ import annotations

import pytest

from walletdesk.chat.choices import EntryAuthor
from walletdesk.chat.models import Entry
from walletdesk.chat.services import chat_close, customer_say, queue_join
from walletdesk.outbox.choices import DeliveryState, OutboundChannel
from walletdesk.outbox.models import OutboundMessage
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(visitor_chat, online_agent):
    online_agent(first_name="Ann", languages=("en",))
    conversation = visitor_chat(problem_type="fees_limits", language="en")
    customer_say(conversation=conversation, text="What does a transfer cost?", client_id="m1")
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    return conversation


def test_a_reply_through_the_console_form_reaches_the_widget(active, commit, bus):
    message = commit(
        message_add,
        ticket=active.ticket,
        body="Transfers are free up to 5,000 CNY a month.",
        author=Author(user=active.agent),
    )
    entry = Entry.objects.get(message=message)
    assert entry.conversation == active
    assert entry.author == EntryAuthor.AGENT
    assert entry.data["name"] == "Ann"
    assert bus.of(active)[-1]["seq"] == entry.seq
    outbound = OutboundMessage.objects.get(source_message_id=message.pk)
    assert outbound.channel == OutboundChannel.CHAT
    assert outbound.state == DeliveryState.SENT


def test_a_note_through_the_console_is_no_entry(active):
    before = active.last_seq
    message_add(
        ticket=active.ticket,
        body="check limits",
        author=Author(user=active.agent),
        kind=MessageKind.NOTE,
    )
    active.refresh_from_db()
    assert active.last_seq == before


def test_after_the_chat_closed_a_reply_goes_by_email(active, commit):
    chat_close(conversation=active)
    message = commit(
        message_add,
        ticket=active.ticket,
        body="One more thing: fees changed today.",
        author=Author(user=active.agent),
    )
    assert not Entry.objects.filter(message=message).exists()
    outbound = OutboundMessage.objects.get(source_message_id=message.pk)
    assert outbound.channel == OutboundChannel.EMAIL
    assert outbound.recipient == "lilei@example.com"
    assert outbound.state == DeliveryState.SENT


def test_after_the_chat_closed_a_phone_only_visitor_gets_a_note(visitor_chat, online_agent, commit):
    agent = online_agent(languages=("en",))
    conversation = visitor_chat(
        problem_type="fees_limits", language="en", visitor_contact="+8613800138000"
    )
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    chat_close(conversation=conversation)
    message = commit(
        message_add, ticket=conversation.ticket, body="Call us back.", author=Author(user=agent)
    )
    assert OutboundMessage.objects.get(source_message_id=message.pk).channel == OutboundChannel.NOTE
