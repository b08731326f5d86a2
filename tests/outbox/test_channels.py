"""An agent's reply goes out on the ticket's own channel — never blindly by email."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from walletdesk.outbox.choices import DeliveryState, OutboundChannel
from walletdesk.outbox.models import OutboundMessage
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import ExternalThread, Message, Ticket
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(agent, django_capture_on_commit_callbacks) -> Callable[..., Message]:
    def reply(ticket: Ticket, body: str = "We found your top-up.", **kwargs: Any) -> Message:
        with django_capture_on_commit_callbacks(execute=True):
            return message_add(ticket=ticket, author=Author(user=agent), body=body, **kwargs)

    return reply


def outbound_of(message: Message) -> OutboundMessage:
    return OutboundMessage.objects.get(source_message_id=message.pk)


def test_a_reply_on_a_chat_ticket_without_a_live_conversation_goes_by_email(make_ticket, reply):
    # A chat's live replies are entries of its conversation (tests/chat/test_delivery.py);
    # a chat ticket whose conversation is gone is answered by email, never lost.
    ticket = make_ticket(channel="chat")
    message = reply(ticket)
    outbound = outbound_of(message)
    assert (outbound.channel, outbound.state) == (OutboundChannel.EMAIL, DeliveryState.SENT)
    assert outbound.recipient == ticket.requester.email
    assert len(mail.outbox) == 1


def test_a_reply_to_an_email_is_an_email_in_the_customers_thread(reply, customer):
    sender = Sender.email(customer.email, verified=True)
    ticket = inbound_receive(
        InboundMessage(
            channel="email",
            sender=sender,
            subject="Top-up not credited",
            text="My top-up did not arrive.",
            external_thread_id="<first@mail.example>",
            external_id="<first@mail.example>",
        )
    ).ticket
    answer = inbound_receive(
        InboundMessage(
            channel="email",
            sender=sender,
            text="Any news?",
            references=("<first@mail.example>",),
            external_id="<second@mail.example>",
        )
    )
    assert answer.ticket.pk == ticket.pk
    first = reply(ticket, body="It arrived this morning.")
    sent = mail.outbox[0].message()
    assert mail.outbox[0].to == [customer.email]
    assert "It arrived this morning." in mail.outbox[0].body
    assert ticket.reference in sent["Subject"]
    assert sent["In-Reply-To"] == "<second@mail.example>"
    assert sent["References"] == "<first@mail.example> <second@mail.example>"
    assert sent["Auto-Submitted"] == "no"  # RFC 3834: a person wrote it
    first_id = outbound_of(first).headers["Message-ID"]
    assert sent["Message-ID"] == first_id
    # The customer's answer to this email will find the ticket by its Message-ID.
    assert ExternalThread.objects.filter(ticket=ticket, channel="email", external_id=first_id)

    reply(ticket, body="Anything else?")
    second = mail.outbox[1].message()
    assert second["In-Reply-To"] == "<second@mail.example>"
    assert second["References"].split() == [
        "<first@mail.example>",
        first_id,
        "<second@mail.example>",
    ]
    assert second["Message-ID"] not in {first_id, "<second@mail.example>"}


def test_a_reply_to_an_unknown_sender_by_email_goes_to_their_address(make_ticket, reply):
    ticket = make_ticket(channel="email", contact="stranger@mail.example")
    reply(ticket)
    assert mail.outbox[0].to == ["stranger@mail.example"]
    assert "In-Reply-To" not in mail.outbox[0].message()  # nothing to thread to yet


def test_a_reply_to_a_phone_ticket_is_an_sms_when_the_customer_has_a_phone(
    make_ticket, make_customer, reply, outbox_dir
):
    caller = make_customer(phone="+8613800138000", email="caller@example.com")
    message = reply(make_ticket(channel="phone", requester=caller), body="Your card is unfrozen.")
    outbound = outbound_of(message)
    assert (outbound.channel, outbound.state) == (OutboundChannel.SMS, DeliveryState.SENT)
    text = (outbox_dir / "sms" / f"{outbound.idempotency_key}.txt").read_text()
    assert text.startswith("To: +8613800138000\n")
    assert "Your card is unfrozen." in text
    assert mail.outbox == []  # not by email, although the customer has an address


@pytest.mark.parametrize("sms_replies", [True, False])
def test_a_reply_to_a_phone_ticket_is_a_note_without_sms(
    make_ticket, make_customer, reply, outbox_dir, settings, sms_replies
):
    settings.SMS_REPLIES = sms_replies
    phone = "+8613900139000" if not sms_replies else None
    caller = make_customer(email="no-sms@example.com", phone=phone)
    outbound = outbound_of(reply(make_ticket(channel="phone", requester=caller)))
    assert (outbound.channel, outbound.state) == (OutboundChannel.NOTE, DeliveryState.SENT)
    assert mail.outbox == []
    assert not outbox_dir.exists()  # nothing left the machine


def test_a_reply_to_a_portal_request_is_an_email_notification_with_the_link(
    make_ticket, reply, customer, settings
):
    settings.BASE_URL = "https://help.example.com"
    ticket = make_ticket(channel="portal", requester=customer)
    reply(ticket, body="We refunded the fee.")
    notification = mail.outbox[0]
    assert notification.to == [customer.email]
    assert f"https://help.example.com/tickets/{ticket.pk}/" in notification.body
    assert "We refunded the fee." in notification.body
    assert notification.message()["Auto-Submitted"] == "auto-generated"


def test_a_portal_customer_without_email_reads_the_reply_in_the_portal(
    make_ticket, make_customer, reply
):
    ticket = make_ticket(channel="portal", requester=make_customer(phone="+8613700137000"))
    reply(ticket)
    assert mail.outbox == []
    assert not OutboundMessage.objects.exists()


def test_an_api_ticket_keeps_the_reply_for_the_integrator(make_ticket, reply):
    outbound = outbound_of(reply(make_ticket(channel="api")))
    assert (outbound.channel, outbound.state) == (OutboundChannel.NOTE, DeliveryState.SENT)
    assert mail.outbox == []


def test_a_telegram_reply_goes_to_the_telegram_conversation(make_ticket, reply, outbox_dir):
    ticket = inbound_receive(
        InboundMessage(
            channel="telegram",
            sender=Sender.handle("@someone"),
            subject="Hello",
            text="Is anyone there?",
            external_thread_id="tg-chat-4242",
        )
    ).ticket
    outbound = outbound_of(reply(ticket, body="Hello from support"))
    assert (outbound.channel, outbound.recipient) == (OutboundChannel.TELEGRAM, "tg-chat-4242")
    text = (outbox_dir / "telegram" / f"{outbound.idempotency_key}.txt").read_text()
    assert "Hello from support" in text
    assert mail.outbox == []


def test_only_an_agents_public_reply_goes_out(make_ticket, reply, agent, customer):
    ticket = make_ticket(channel="email", requester=customer)
    reply(ticket, kind="note", body="internal")
    reply(ticket, notify=False, body="imported")
    message_add(ticket=ticket, author=Author(customer=customer), body="thanks")
    assert not OutboundMessage.objects.exists()
    assert mail.outbox == []


def test_the_notification_is_written_in_the_customers_language(make_ticket, make_customer, reply):
    english = make_customer(email="en@example.com", language="en")
    chinese = make_customer(email="zh@example.com", language="zh-hans")
    reply(make_ticket(channel="portal", requester=english))
    reply(make_ticket(channel="portal", requester=chinese))
    assert "New reply to your request" in mail.outbox[0].subject
    assert "您的咨询有新回复" in mail.outbox[1].subject
