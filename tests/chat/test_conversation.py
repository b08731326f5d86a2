"""Starting a conversation, its token, numbered entries, messages both ways."""

from __future__ import annotations

import pytest

from walletdesk.chat.choices import ConversationState, EntryAuthor, EntryKind
from walletdesk.chat.models import Entry
from walletdesk.chat.selectors import conversation_for_token, entries_after
from walletdesk.chat.services import (
    agent_say,
    chat_accept,
    conversation_start,
    customer_say,
    queue_join,
)
from walletdesk.core import chatbus
from walletdesk.core.errors import NotFound, ValidationFailed
from walletdesk.core.ratelimit import RateLimited
from walletdesk.safety.redaction import Redacted
from walletdesk.tickets.choices import Channel
from walletdesk.tickets.models import Message

pytestmark = pytest.mark.django_db


def test_a_conversation_opens_with_a_key_and_a_token_that_is_stored_only_as_a_digest():
    started = conversation_start(
        origin="embed", language="en", visitor_name="Ann", visitor_contact="Ann@Example.com"
    )
    conversation = started.conversation
    assert len(conversation.key) >= 16
    assert len(started.token) >= 43
    assert started.token not in conversation.token_digest
    assert conversation.visitor_contact == "ann@example.com"
    assert not conversation.verified
    assert conversation.customer is None
    assert conversation_for_token(key=conversation.key, token=started.token) == conversation
    assert conversation_for_token(key=conversation.key, token=started.token + "x") is None
    assert conversation_for_token(key="nope", token=started.token) is None
    other = conversation_start(
        origin="embed", language="en", visitor_name="B", visitor_contact="+8613800138000"
    )
    assert conversation_for_token(key=other.conversation.key, token=started.token) is None


@pytest.mark.parametrize(
    ("name", "contact", "field"),
    [
        ("", "a@example.com", "name"),
        ("Ann", "", "contact"),
        ("Ann", "not-an-address@", "contact"),
        ("Ann", "12", "contact"),
    ],
)
def test_a_visitor_gives_a_name_and_a_valid_email_or_phone(name, contact, field):
    with pytest.raises(ValidationFailed) as failure:
        conversation_start(
            origin="embed", language="en", visitor_name=name, visitor_contact=contact
        )
    assert field in failure.value.fields


def test_a_phone_is_stored_in_international_form():
    started = conversation_start(
        origin="embed", language="zh-hans", visitor_name="李雷", visitor_contact="138 0013 8000"
    )
    assert started.conversation.visitor_contact == "+8613800138000"


def test_starting_is_rate_limited_per_client_address_and_per_customer(customer):
    for _n in range(20):
        conversation_start(
            origin="embed",
            language="en",
            visitor_name="A",
            visitor_contact="a@example.com",
            client="203.0.113.9",
        )
    with pytest.raises(RateLimited):
        conversation_start(
            origin="embed",
            language="en",
            visitor_name="A",
            visitor_contact="a@example.com",
            client="203.0.113.9",
        )
    conversation_start(  # another address still may
        origin="embed",
        language="en",
        visitor_name="A",
        visitor_contact="a@example.com",
        client="203.0.113.10",
    )
    for _n in range(10):
        conversation_start(origin="portal", language="zh-hans", customer=customer)
    with pytest.raises(RateLimited):
        conversation_start(origin="portal", language="zh-hans", customer=customer)


def test_entries_are_numbered_and_announced_on_commit(visitor_chat, commit, bus):
    conversation = visitor_chat(problem_type="topup_not_credited")
    said = commit(customer_say, conversation=conversation, text="充值没到账", client_id="m1")
    entries = entries_after(conversation=conversation, seq=0)
    assert [e.seq for e in entries] == [1, 2]
    assert [e.kind for e in entries] == [EntryKind.SUGGESTIONS, EntryKind.MESSAGE]
    assert said.entry.seq == 2
    assert said.created
    frames = bus.of(conversation)
    assert frames[-1]["seq"] == 2
    assert frames[-1]["text"] == "充值没到账"
    assert frames[-1]["client_id"] == "m1"
    assert frames[-1]["author"] == "customer"
    assert [e.seq for e in entries_after(conversation=conversation, seq=1)] == [2]
    assert entries_after(conversation=conversation, seq=2) == []


def test_a_resent_client_id_answers_the_stored_entry(visitor_chat):
    conversation = visitor_chat(problem_type="topup_not_credited")
    first = customer_say(conversation=conversation, text="hello", client_id="same")
    again = customer_say(conversation=conversation, text="hello", client_id="same")
    assert again.entry == first.entry
    assert not again.created
    assert Entry.objects.filter(conversation=conversation, kind=EntryKind.MESSAGE).count() == 1


def test_malformed_messages_are_refused_clearly(visitor_chat):
    conversation = visitor_chat()
    for text, cid in [("", "a"), ("x" * 4001, "b"), ("ok", ""), ("ok", "bad id with spaces")]:
        with pytest.raises(ValidationFailed):
            customer_say(conversation=conversation, text=text, client_id=cid)


SECRET = "4111111111111111"


def mask_cards(text: str, field: str) -> Redacted:
    return Redacted(text=text.replace(SECRET, "[card]"))


def test_the_customers_words_are_redacted_before_they_are_stored(
    visitor_chat, online_agent, settings
):
    online_agent()
    settings.WALLETDESK_REDACTOR = "tests.chat.test_conversation.mask_cards"
    conversation = visitor_chat(problem_type="payment_method")
    said = customer_say(conversation=conversation, text=f"card {SECRET} fails", client_id="m1")
    assert said.entry.text == "card [card] fails"
    queue_join(conversation=conversation)  # the ticket opens with the redacted words
    later = customer_say(conversation=conversation, text=f"again {SECRET}", client_id="m2")
    assert later.entry.text == "again [card]"
    assert not Message.objects.filter(body__contains=SECRET).exists()
    assert not Entry.objects.filter(text__contains=SECRET).exists()


def test_once_queued_messages_go_through_the_ticket_both_ways(
    visitor_chat, online_agent, commit, bus
):
    agent = online_agent()
    conversation = visitor_chat(problem_type="topup_not_credited", language="zh-hans")
    customer_say(conversation=conversation, text="我充值了100元没到账", client_id="m1")
    status = queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.ticket is not None
    assert conversation.ticket.channel == Channel.CHAT
    # The only online agent had room: assigned at once.
    assert conversation.state == ConversationState.ACTIVE
    assert conversation.agent == agent
    assert status.position == 0
    ticket = conversation.ticket
    assert ticket.external_threads.get().external_id == "chat:" + conversation.key
    assert ticket.messages.get().body == "我充值了100元没到账"
    said = commit(customer_say, conversation=conversation, text="还在吗？", client_id="m2")
    assert said.entry.message is not None
    assert said.entry.message.ticket == ticket
    reply = commit(
        agent_say, conversation=conversation, user=agent, text="在的，我看一下。", client_id="a1"
    )
    assert reply.entry.author == EntryAuthor.AGENT
    assert reply.entry.message is not None
    assert reply.entry.seq == conversation.entries.count()
    again = agent_say(
        conversation=conversation, user=agent, text="在的，我看一下。", client_id="a1"
    )
    assert again.entry == reply.entry
    assert not again.created
    assert Message.objects.filter(ticket=ticket, body="在的，我看一下。").count() == 1
    assert bus.of(conversation)[-1]["seq"] == reply.entry.seq


def test_an_agent_who_may_not_see_the_ticket_cannot_speak(visitor_chat, online_agent, make_user):
    online_agent()
    conversation = visitor_chat(problem_type="topup_not_credited")
    queue_join(conversation=conversation)
    stranger = make_user("agent", ("payments",))
    with pytest.raises(NotFound):
        agent_say(conversation=conversation, user=stranger, text="hi", client_id="x1")
    with pytest.raises(NotFound):
        chat_accept(conversation=conversation, user=stranger)


def test_the_bus_topic_is_the_conversations():
    assert chatbus.conversation_topic(7) == "chat.7"


def test_a_customers_messages_are_limited_per_conversation(visitor_chat, settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 3
    conversation = visitor_chat(problem_type="fees_limits")
    for n in range(3):
        customer_say(conversation=conversation, text=f"message {n}", client_id=f"m{n}")
    customer_say(conversation=conversation, text="message 0", client_id="m0")  # a resend is free
    with pytest.raises(RateLimited):
        customer_say(conversation=conversation, text="one too many", client_id="m3")
    other = visitor_chat(problem_type="fees_limits", visitor_contact="other@example.com")
    customer_say(conversation=other, text="mine", client_id="m0")


def test_read_marks_rise_and_are_heard_by_the_other_side(visitor_chat, commit, bus):
    from walletdesk.chat.services import read_mark

    conversation = visitor_chat(problem_type="fees_limits")
    customer_say(conversation=conversation, text="hello", client_id="m1")
    commit(read_mark, conversation=conversation, by_agent=True, seq=99)
    conversation.refresh_from_db()
    assert conversation.agent_read_seq == conversation.last_seq == 2
    assert bus.of(conversation)[-1] == {"kind": "read", "by": "agent", "seq": 2}
    bus.clear()
    commit(read_mark, conversation=conversation, by_agent=True, seq=1)  # never down
    assert bus.of(conversation) == []
    with pytest.raises(ValidationFailed):
        read_mark(conversation=conversation, by_agent=False, seq=-1)
