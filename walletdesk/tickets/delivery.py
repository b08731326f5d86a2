"""How an agent's public reply reaches the customer: on the ticket's own channel, through the
outbox — never blindly by email.

| ticket channel | goes out as |
| --- | --- |
| chat | the live conversation (its entry); once it ended or became a message, by email |
| email | an email, threaded (In-Reply-To, References) to the customer's mail |
| phone | an SMS when the customer has a phone number (and SMS replies are on), else a note |
| portal | an email telling the customer, with the link, when they have an address |
| telegram, wechat, whatsapp, messenger | to the conversation's id on that platform |
| api, anything else | a note: kept here, where the integrator reads it |

Every email's Message-ID is also registered as an `ExternalThread` of the ticket, so the
customer's answer to it finds its way back to this ticket.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.outbox.choices import OutboundChannel
from walletdesk.outbox.contracts import Envelope, Queued
from walletdesk.outbox.services import outbound_enqueue
from walletdesk.tickets.choices import AuthorKind, Channel
from walletdesk.tickets.events import publish_ticket_event
from walletdesk.tickets.models import ExternalThread, Message, Ticket

SOCIAL = {
    Channel.TELEGRAM: OutboundChannel.TELEGRAM,
    Channel.WECHAT: OutboundChannel.WECHAT,
    Channel.WHATSAPP: OutboundChannel.WHATSAPP,
    Channel.MESSENGER: OutboundChannel.MESSENGER,
}
# References keeps the first id of the thread and the latest ones (RFC 5322 §3.6.4 allows
# trimming); enough for every mail client to thread, short enough for every server.
REFERENCES_KEPT = 10


def reply_deliver(*, message: Message) -> Queued | None:
    """Queue `message` (a public reply) for the customer, in the caller's transaction."""
    envelope = reply_envelope(message=message)
    if envelope is None:
        return None
    queued = outbound_enqueue(envelope=envelope)
    if queued.created and queued.message_id:
        ExternalThread.objects.create(
            ticket=message.ticket, channel=Channel.EMAIL, external_id=queued.message_id
        )
    return queued


def reply_envelope(*, message: Message) -> Envelope | None:
    """The envelope for `message` on its ticket's channel, or None when nothing need go out (a
    help-centre request of a customer without an email address reads the reply there)."""
    ticket = message.ticket
    customer = ticket.requester
    language = customer.preferred_language if customer is not None else ticket.language
    with translation.override(language):
        if ticket.channel == Channel.CHAT:
            return _chat_reply(message)
        if ticket.channel == Channel.EMAIL:
            return _email_reply(message)
        if ticket.channel == Channel.PHONE:
            return _phone_reply(message)
        if ticket.channel == Channel.PORTAL:
            return _portal_notification(message)
        if ticket.channel in SOCIAL:
            conversation = _latest_thread_id(ticket, ticket.channel)
            if conversation:
                channel = SOCIAL[Channel(ticket.channel)]
                return _envelope(message, channel, conversation, message.body)
        return _envelope(message, OutboundChannel.NOTE, "", message.body)


def _envelope(message: Message, channel: str, recipient: str, body: str, **extra: Any) -> Envelope:
    return Envelope(
        channel=channel,
        recipient=recipient,
        body=body,
        idempotency_key=f"ticket-reply-{message.pk}",
        source_message_id=message.pk,
        **extra,
    )


def _chat_reply(message: Message) -> Envelope:
    """While the conversation is live the chat app made the message an entry (its post_save
    receiver, in this transaction): the chat transport records it as sent. A closed chat, or one
    the customer left as a message, is answered by email when there is an address, else kept
    as a note — never lost."""
    if getattr(message, "chat_entry", None) is not None:
        thread = _latest_thread_id(message.ticket, Channel.CHAT) or f"ticket:{message.ticket_id}"
        return _envelope(message, OutboundChannel.CHAT, thread, message.body)
    return _email_reply(message)


def _email_address(ticket: Ticket) -> str:
    if ticket.requester is not None and ticket.requester.email:
        return ticket.requester.email
    try:
        validate_email(ticket.contact)
    except ValidationError:
        return ""
    return ticket.contact


def _email_reply(message: Message) -> Envelope:
    ticket = message.ticket
    address = _email_address(ticket)
    if not address:
        return _envelope(message, OutboundChannel.NOTE, "", message.body)
    subject = _("Re: %(subject)s [%(ref)s]") % {"subject": ticket.subject, "ref": ticket.reference}
    body = _(
        "%(body)s\n\n-- \nYour request %(ref)s. Answer by replying to this email.\n"
        "WalletDesk support will never ask for your password, verification codes or "
        "recovery phrase."
    ) % {"body": message.body, "ref": ticket.reference}
    # RFC 3834: a reply a person wrote is not automatic; one the product wrote answers the
    # customer's message automatically.
    automatic = "no" if message.author_kind == AuthorKind.AGENT else "auto-replied"
    headers = {**_threading(ticket), "Auto-Submitted": automatic}
    return _envelope(
        message, OutboundChannel.EMAIL, address, body, subject=subject, headers=headers
    )


def _portal_notification(message: Message) -> Envelope | None:
    ticket = message.ticket
    customer = ticket.requester
    if customer is None or not customer.email:
        return None
    link = settings.BASE_URL.rstrip("/") + reverse("portal:ticket", args=[ticket.pk])
    subject = _("[%(ref)s] New reply to your request") % {"ref": ticket.reference}
    body = _(
        "Hello %(name)s,\n\nWe replied to your request %(ref)s:\n\n%(body)s\n\n"
        "Read the whole conversation or answer here: %(link)s\n\n"
        "WalletDesk support will never ask for your password, verification codes or "
        "recovery phrase."
    ) % {"name": customer.display_name, "ref": ticket.reference, "body": message.body, "link": link}
    # Sent by the product because something happened, not in answer to a message (RFC 3834).
    headers = {
        **_threading(ticket),
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    return _envelope(
        message, OutboundChannel.EMAIL, customer.email, body, subject=subject, headers=headers
    )


def _phone_reply(message: Message) -> Envelope:
    ticket = message.ticket
    phone = ticket.requester.phone if ticket.requester is not None else None
    if not phone or not settings.SMS_REPLIES:
        return _envelope(message, OutboundChannel.NOTE, "", message.body)
    body = _("%(body)s\n— WalletDesk support, request %(ref)s") % {
        "body": message.body,
        "ref": ticket.reference,
    }
    return _envelope(message, OutboundChannel.SMS, phone, body)


def _latest_thread_id(ticket: Ticket, channel: str) -> str:
    latest = (
        ExternalThread.objects.filter(ticket=ticket, channel=channel)
        .order_by("-id")
        .values_list("external_id", flat=True)
        .first()
    )
    return latest or ""


def _message_id(raw: str) -> str:
    """`raw` as a header's msg-id (`<left@right>`), or "" when it cannot be one."""
    text = raw.strip()
    if not text or any(char.isspace() or ord(char) < 32 for char in text) or not text.isascii():
        return ""
    return text if text.startswith("<") and text.endswith(">") else f"<{text.strip('<>')}>"


def _threading(ticket: Ticket) -> dict[str, str]:
    """In-Reply-To the customer's latest email (else our latest one), References the thread:
    every email id the ticket knows, inbound and outbound, oldest first."""
    known = ExternalThread.objects.filter(ticket=ticket, channel=Channel.EMAIL).order_by("id")
    ids = [mid for mid in map(_message_id, known.values_list("external_id", flat=True)) if mid]
    latest_from_customer = (
        Message.objects.filter(
            ticket=ticket,
            channel=Channel.EMAIL,
            author_kind=AuthorKind.CUSTOMER,
            external_id__isnull=False,
        )
        .order_by("-created_at", "-id")
        .values_list("external_id", flat=True)
        .first()
    )
    parent = _message_id(latest_from_customer or "") or (ids[-1] if ids else "")
    if not parent:
        return {}
    references = list(dict.fromkeys([*ids, parent]))
    if len(references) > REFERENCES_KEPT:
        references = [references[0], *references[-(REFERENCES_KEPT - 1) :]]
    return {"In-Reply-To": parent, "References": " ".join(references)}


def refresh_thread_on_delivery(
    sender: object, *, source_message_id: int | None = None, **kwargs: object
) -> None:
    """When a reply's delivery state changes, the console's thread showing it refreshes."""
    if source_message_id is None:
        return
    ticket = Ticket.objects.filter(messages__pk=source_message_id).first()
    if ticket is not None:
        publish_ticket_event(
            ticket, "message.updated", customer=False, message_id=source_message_id
        )
