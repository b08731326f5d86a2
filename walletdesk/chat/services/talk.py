"""Messages: the customer's and the agents', internal notes, read receipts.

Once a conversation has a ticket, every public message is stored on it — the customer's
through the one inbound path (`tickets.inbound.inbound_receive`, which redacts), the agent's
through `tickets.services.message_add` — and becomes an entry in the same transaction
(`entries.message_entry`, from the post_save receiver). Before that (the assistant step) the
customer's words are redacted and kept as entries only; the ticket opened when they ask for a
person starts with them (`queueing.ticket_open`).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.assistant.contracts import Flow
from walletdesk.assistant.services import assistant_classify
from walletdesk.chat import limits, suggestions, texts
from walletdesk.chat.choices import OPEN_STATES, EntryAuthor, EntryKind
from walletdesk.chat.contracts import Said
from walletdesk.chat.models import Conversation, Entry
from walletdesk.chat.selectors import agent_may_see
from walletdesk.chat.services.entries import customer_name, entry_append, lock, speaking
from walletdesk.core import chatbus
from walletdesk.core.errors import Conflict, NotFound, ValidationFailed
from walletdesk.identity.models import User
from walletdesk.safety.redaction import redact
from walletdesk.tickets.choices import Channel, MessageKind
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, default_priority, message_add
from walletdesk.vocab.choices import ProblemType

MAX_TEXT_CHARS = 4000
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def clean_client_id(client_id: str) -> str:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ValidationFailed(fields={"client_id": [_("Give each message its own id.")]})
    return client_id


def clean_text(text: str) -> str:
    body = (text if isinstance(text, str) else "").replace("\x00", "").strip()
    if not body:
        raise ValidationFailed(fields={"text": [_("Write a message.")]})
    if len(body) > MAX_TEXT_CHARS:
        raise ValidationFailed(
            fields={
                "text": [
                    _("Keep this to at most %(limit)d characters.") % {"limit": MAX_TEXT_CHARS}
                ]
            }
        )
    return body


def thread_id(conversation: Conversation) -> str:
    return "chat:" + conversation.key


def sender_of(conversation: Conversation) -> Sender:
    """A proven customer is signed in; an embedded visitor is only the contact they typed,
    matched to no customer, so their chat never brings an account's data along."""
    if conversation.customer is not None and conversation.verified:
        return Sender.signed_in(conversation.customer)
    return Sender.contact(conversation.visitor_contact or thread_id(conversation))


def lock_with_ticket(conversation: Conversation) -> Conversation:
    """Lock the ticket (if any), then the conversation: the order every chat write keeps."""
    ticket_id = Conversation.objects.values_list("ticket_id", flat=True).get(pk=conversation.pk)
    if ticket_id is not None:
        Ticket.objects.select_for_update().filter(pk=ticket_id).values_list("pk").first()
    return lock(conversation)


def inbound_say(conversation: Conversation, text: str, client_id: str) -> Entry:
    """The customer's message on the conversation's ticket, as its entry."""
    with speaking(conversation, client_id):
        result = inbound_receive(
            InboundMessage(
                channel=Channel.CHAT,
                sender=sender_of(conversation),
                text=text,
                external_thread_id=thread_id(conversation),
                external_id=f"{conversation.key}:{client_id}",
                language=conversation.language,
                problem_type=conversation.problem_type,
            )
        )
    if result.ticket.pk != conversation.ticket_id:  # a closed ticket's follow-up
        conversation.ticket = result.ticket
        conversation.save(update_fields=["ticket"])
    entry = Entry.objects.filter(message=result.message).first()
    if entry is None:
        raise Conflict(_("This chat has ended. Please start a new one."))
    return entry


@transaction.atomic
def customer_say(*, conversation: Conversation, text: str, client_id: str) -> Said:
    """Store the customer's message (through the one inbound path once there is a ticket; with
    the assistant before that) before it is acknowledged. A resend of `client_id` answers the
    stored entry. The first message of a conversation with no type picked asks the assistant
    for a guess (its suggestions become an entry)."""
    client_id = clean_client_id(client_id)
    body = clean_text(text)
    conversation = lock_with_ticket(conversation)
    existing = Entry.objects.filter(
        conversation=conversation, author=EntryAuthor.CUSTOMER, client_id=client_id
    ).first()
    if existing is not None:
        return Said(entry=existing, created=False)
    if conversation.state not in OPEN_STATES:
        raise Conflict(_("This chat has ended. Please start a new one."))
    limits.messages_per_conversation().hit(conversation.key)
    if conversation.ticket_id is not None:
        return Said(entry=inbound_say(conversation, body, client_id), created=True)
    redacted = redact(body, field="body").text
    first = not conversation.entries.filter(author=EntryAuthor.CUSTOMER).exists()
    with translation.override(conversation.language):
        entry = entry_append(
            conversation=conversation,
            kind=EntryKind.MESSAGE,
            author=EntryAuthor.CUSTOMER,
            text=redacted,
            data={"name": customer_name(conversation)},
            client_id=client_id,
        )
        if first and not conversation.problem_type:
            _guess(conversation, redacted)
    return Said(entry=entry, created=True)


def _guess(conversation: Conversation, text: str) -> None:
    """The assistant's reading of the first message: a confident guess sets the type and
    offers its flow; an unsure one (or a request for a person) offers articles found by search,
    never a made-up type."""
    guess = assistant_classify(text, language=conversation.language)
    language = conversation.language
    if not guess.handover:
        problem_type = str(guess.problem_type)
        conversation.problem_type = problem_type
        conversation.priority = default_priority(problem_type)
        conversation.save(update_fields=["problem_type", "priority"])
        flow = guess.flow if guess.flow != Flow.CONTACT else None
        articles = suggestions.articles_from_guess(guess.articles)
        data = {
            "problem_type": problem_type,
            "flow": suggestions.flow_item(flow),
            "articles": articles or suggestions.articles_for_type(problem_type, language=language),
        }
        intro = texts.guess_intro(str(ProblemType(problem_type).label))
    else:
        articles = suggestions.articles_for_text(text, language=language)
        if not articles:
            return
        data = {"problem_type": "", "flow": None, "articles": articles}
        intro = texts.suggestions_intro()
    entry_append(
        conversation=conversation,
        kind=EntryKind.SUGGESTIONS,
        author=EntryAuthor.ASSISTANT,
        text=intro,
        data=data,
    )


def _seen_by(conversation: Conversation, user: User) -> Conversation:
    """The conversation, locked, if `user` may see its ticket; else NotFound (as unknown)."""
    if not agent_may_see(user=user, conversation=conversation):
        raise NotFound()
    return lock_with_ticket(conversation)


@transaction.atomic
def agent_say(*, conversation: Conversation, user: User, text: str, client_id: str) -> Said:
    """An agent's public message (tickets.message_add; the entry comes from its post_save).
    Only for agents who may see the ticket; a resend of `client_id` answers the stored entry."""
    client_id = clean_client_id(client_id)
    body = clean_text(text)
    conversation = _seen_by(conversation, user)
    existing = Entry.objects.filter(
        conversation=conversation, author=EntryAuthor.AGENT, client_id=client_id
    ).first()
    if existing is not None:
        return Said(entry=existing, created=False)
    if conversation.state not in OPEN_STATES or conversation.ticket is None:
        raise Conflict(_("This chat has ended. Answer on the ticket instead."))
    with speaking(conversation, client_id):
        message = message_add(
            ticket=conversation.ticket,
            body=body,
            author=Author(user=user),
            kind=MessageKind.REPLY,
            channel=Channel.CHAT,
        )
    entry = Entry.objects.filter(message=message).first()
    if entry is None:  # pragma: no cover - the receiver numbers every public chat message
        raise Conflict(_("This chat has ended. Answer on the ticket instead."))
    return Said(entry=entry, created=True)


@transaction.atomic
def chat_note(*, conversation: Conversation, by: User, text: str) -> None:
    """An internal note on the chat's ticket: agents see it, the customer never does."""
    body = clean_text(text)
    conversation = _seen_by(conversation, by)
    if conversation.ticket is None:  # pragma: no cover - agent_may_see needs a ticket
        raise NotFound()
    message_add(
        ticket=conversation.ticket,
        body=body,
        author=Author(user=by),
        kind=MessageKind.NOTE,
        channel=Channel.CHAT,
    )


@transaction.atomic
def read_mark(*, conversation: Conversation, by_agent: bool, seq: int) -> None:
    """Raise a side's read mark to `seq` (never past the last entry, never down); the other side
    hears of it (an unnumbered `read` frame) on commit."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValidationFailed(fields={"seq": [_("Give the number of an entry.")]})
    conversation = lock(conversation)
    field = "agent_read_seq" if by_agent else "customer_read_seq"
    target = min(seq, conversation.last_seq)
    if target <= getattr(conversation, field):
        return
    setattr(conversation, field, target)
    conversation.save(update_fields=[field])
    frame = {"kind": "read", "by": "agent" if by_agent else "customer", "seq": target}
    chatbus.publish_on_commit(chatbus.conversation_topic(conversation.pk), frame)
