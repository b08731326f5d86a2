"""Numbering: every entry of a conversation is numbered under its row's lock and announced on
commit. The one place a ticket message becomes an entry (`message_entry`), called by the
post_save receiver (chat/receivers.py) for every public message on a chat ticket.

Locks are always taken ticket first, then conversation (message_add locks the ticket and its
post_save then numbers the entry), so two writers never wait on each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation

from walletdesk.chat import texts
from walletdesk.chat.choices import OPEN_STATES, EntryAuthor, EntryKind
from walletdesk.chat.models import Conversation, Entry
from walletdesk.chat.wire import entry_frame
from walletdesk.core import chatbus
from walletdesk.identity.models import User
from walletdesk.tickets.choices import AuthorKind, MessageKind
from walletdesk.tickets.models import Message


@dataclass(frozen=True)
class _Speaking:
    conversation_id: int
    client_id: str
    quiet: bool = False  # the ticket's opening message: its words are entries already


# Set while a chat service stores a message through the tickets: the entry goes to this
# conversation (a ticket can outlive several), with the sender's client id.
_speaking: ContextVar[_Speaking | None] = ContextVar("chat_speaking", default=None)


@contextmanager
def speaking(conversation: Conversation, client_id: str, *, quiet: bool = False) -> Iterator[None]:
    token = _speaking.set(_Speaking(conversation.pk, client_id, quiet))
    try:
        yield
    finally:
        _speaking.reset(token)


def lock(conversation: Conversation) -> Conversation:
    """The conversation's row, locked until the transaction ends, as it is now."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def entry_append(
    *,
    conversation: Conversation,
    kind: str,
    author: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    message: Message | None = None,
    client_id: str = "",
) -> Entry:
    """Number and store one entry; its frame goes to the conversation's topic on commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("entry_append must run inside a transaction")
    seq = Conversation.objects.select_for_update().values_list("last_seq", flat=True)
    last = seq.get(pk=conversation.pk) + 1
    Conversation.objects.filter(pk=conversation.pk).update(last_seq=last)
    conversation.last_seq = last
    entry = Entry.objects.create(
        conversation=conversation,
        seq=last,
        kind=kind,
        author=author,
        text=text,
        data=data or {},
        message=message,
        client_id=client_id[:64],
    )
    chatbus.publish_on_commit(chatbus.conversation_topic(conversation.pk), entry_frame(entry))
    return entry


def state_entry(
    conversation: Conversation, text: str, *, agent: User | None = None, **extra: Any
) -> Entry:
    data: dict[str, Any] = {"state": conversation.state, "agent": None, **extra}
    if agent is not None:
        data["agent"] = agent_name(agent)
    return entry_append(
        conversation=conversation,
        kind=EntryKind.STATE,
        author=EntryAuthor.SYSTEM,
        text=text,
        data=data,
    )


def agent_name(user: User) -> str:
    """What the customer sees of an agent: their name, never their login."""
    return user.first_name.strip() or user.get_full_name() or texts.agent_fallback_name()


def customer_name(conversation: Conversation) -> str:
    if conversation.customer is not None and conversation.verified:
        return conversation.customer.display_name
    return conversation.visitor_name or texts.customer_name()


_AUTHORS = {
    AuthorKind.CUSTOMER: EntryAuthor.CUSTOMER,
    AuthorKind.AGENT: EntryAuthor.AGENT,
    AuthorKind.ASSISTANT: EntryAuthor.ASSISTANT,
    AuthorKind.SYSTEM: EntryAuthor.SYSTEM,
}


def message_entry(message: Message) -> Entry | None:
    """The entry of a public message on a chat ticket, in the live conversation it belongs to
    (the one speaking, else the ticket's latest open one). None when there is none: internal
    notes, or a conversation that is closed or became a message (the reply then goes by
    email, tickets/delivery.py)."""
    if message.kind != MessageKind.REPLY:
        return None
    current = _speaking.get()
    conversations = Conversation.objects.select_related("customer")
    if current is not None and current.quiet:
        return None
    if current is not None:
        conversation = conversations.filter(pk=current.conversation_id).first()
        client_id = current.client_id
    else:
        conversation = (
            conversations.filter(ticket_id=message.ticket_id, state__in=OPEN_STATES)
            .order_by("-id")
            .first()
        )
        client_id = ""
    if conversation is None or conversation.state not in OPEN_STATES:
        return None
    existing = Entry.objects.filter(message=message).first()
    if existing is not None:
        return existing
    author = _AUTHORS.get(AuthorKind(message.author_kind), EntryAuthor.SYSTEM)
    with translation.override(conversation.language):
        if author == EntryAuthor.AGENT and message.author_user is not None:
            name = agent_name(message.author_user)
        elif author == EntryAuthor.CUSTOMER:
            name = customer_name(conversation)
        else:
            name = texts.assistant_name()
    return entry_append(
        conversation=conversation,
        kind=EntryKind.MESSAGE,
        author=author,
        text=message.body,
        data={"name": name},
        message=message,
        client_id=client_id,
    )
