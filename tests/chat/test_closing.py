"""Passing a chat on, closing it, the transcript (once) and the rating."""

from __future__ import annotations

import pytest

from walletdesk.chat.choices import ConversationState, EntryKind
from walletdesk.chat.services import (
    agent_say,
    chat_close,
    chat_note,
    chat_rate,
    chat_transfer,
    conversation_start,
    customer_say,
    queue_join,
)
from walletdesk.core.errors import Conflict, NotFound, ValidationFailed
from walletdesk.identity.models import Role
from walletdesk.outbox.models import OutboundMessage
from walletdesk.tickets.choices import MessageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(visitor_chat, online_agent):
    agent = online_agent(first_name="小王")
    conversation = visitor_chat(problem_type="payment_method")
    customer_say(conversation=conversation, text="银行卡绑不上", client_id="m1")
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.agent == agent
    return conversation


def test_transfer_to_an_agent_keeps_the_chat_active_with_a_note_the_customer_never_sees(
    active, online_agent
):
    by = active.agent
    colleague = online_agent(first_name="小李")
    chat_transfer(conversation=active, by=by, to_user=colleague, note="客户的卡是信用卡")
    active.refresh_from_db()
    assert active.state == ConversationState.ACTIVE
    assert active.agent == colleague
    assert active.ticket.assignee == colleague
    note = active.ticket.messages.get(kind=MessageKind.NOTE)
    assert note.body == "客户的卡是信用卡"
    assert not active.entries.filter(text__contains="信用卡").exists()
    state = active.entries.order_by("-seq").first()
    assert state.kind == EntryKind.STATE
    assert state.data["agent"] == "小李"


def test_transfer_to_a_team_puts_the_chat_in_its_line(active, online_agent, make_user):
    by = active.agent
    chat_transfer(conversation=active, by=by, to_team="payments", note="需要查支付通道")
    active.refresh_from_db()
    assert active.team.code == "payments"
    assert active.ticket.team.code == "payments"
    assert active.state == ConversationState.QUEUED  # nobody from payments is online
    assert active.agent is None
    assert active.ticket.assignee is None
    payments = online_agent(teams=("payments",))
    active.refresh_from_db()
    assert active.agent == payments  # going online took it
    with pytest.raises(ValidationFailed):
        chat_transfer(conversation=active, by=payments, to_team="nowhere")
    with pytest.raises(ValidationFailed):
        chat_transfer(conversation=active, by=payments)
    with pytest.raises(NotFound):
        chat_transfer(
            conversation=active, by=make_user(Role.AGENT, ("security",)), to_team="security"
        )


def test_internal_notes_are_never_entries(active):
    before = active.entries.count()
    chat_note(conversation=active, by=active.agent, text="VIP 客户")
    assert active.entries.count() == before
    assert active.ticket.messages.filter(kind=MessageKind.NOTE, body="VIP 客户").exists()


def test_closing_sends_the_transcript_once_in_the_chats_language(active, commit):
    agent_say(conversation=active, user=active.agent, text="请重新绑定一次", client_id="a1")
    commit(chat_close, conversation=active, by=active.agent)
    active.refresh_from_db()
    assert active.state == ConversationState.CLOSED
    assert active.transcript_sent_at is not None
    mail = OutboundMessage.objects.get(idempotency_key=f"chat-transcript-{active.key}")
    assert mail.recipient == "lilei@example.com"
    assert "银行卡绑不上" in mail.body
    assert "请重新绑定一次" in mail.body
    assert "小王" in mail.body
    chat_close(conversation=active, by=active.agent)  # again: nothing more
    chat_close(conversation=active)
    assert (
        OutboundMessage.objects.filter(idempotency_key__startswith="chat-transcript-").count() == 1
    )
    with pytest.raises(Conflict):
        customer_say(conversation=active, text="还有问题", client_id="late")


def test_no_transcript_without_an_email_address(visitor_chat):
    conversation = visitor_chat(visitor_contact="+8613800138000")
    chat_close(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.transcript_sent_at is None
    assert not OutboundMessage.objects.exists()


def test_a_portal_customers_transcript_goes_to_their_address(customer):
    conversation = conversation_start(
        origin="portal", language="zh-hans", customer=customer
    ).conversation
    customer_say(conversation=conversation, text="你好", client_id="m1")
    chat_close(conversation=conversation)
    assert OutboundMessage.objects.get().recipient == customer.email


def test_a_chat_is_rated_once_and_only_after_it_closed(active):
    with pytest.raises(Conflict):
        chat_rate(conversation=active, score=5)
    chat_close(conversation=active)
    for bad in (0, 6, "5", True, None):
        with pytest.raises(ValidationFailed):
            chat_rate(conversation=active, score=bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        chat_rate(conversation=active, score=4, comment="x" * 2001)
    chat_rate(conversation=active, score=4, comment="  很快解决了  ")
    active.refresh_from_db()
    assert (active.rating, active.rating_comment) == (4, "很快解决了")
    with pytest.raises(Conflict):
        chat_rate(conversation=active, score=1)


def test_an_english_chats_transcript_is_in_english(visitor_chat, online_agent):
    agent = online_agent(languages=("en",), first_name="Ann")
    conversation = visitor_chat(problem_type="fees_limits", language="en")
    customer_say(conversation=conversation, text="What are the fees?", client_id="m1")
    queue_join(conversation=conversation)
    agent_say(conversation=conversation, user=agent, text="Free up to 5,000 CNY.", client_id="a1")
    chat_close(conversation=conversation, by=agent)
    mail = OutboundMessage.objects.get(idempotency_key=f"chat-transcript-{conversation.key}")
    assert mail.subject.startswith("Your chat with WalletDesk support")
    assert "Here is the transcript" in mail.body
    assert "Ann: Free up to 5,000 CNY." in mail.body
    assert "Ann has joined the chat." in mail.body
