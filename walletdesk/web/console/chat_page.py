"""What the console's chat pages render: the waiting and active lists, the chat pane.

Every read goes through the chat's selectors (`waiting_for`, `active_for`, `agent_may_see`) and
the tickets' permission-checked ones, so a fragment never shows more than its page. An unverified
visitor's chat shows no customer panel, whoever looks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from walletdesk.chat import selectors as chat_selectors
from walletdesk.chat.choices import ConversationState, Presence
from walletdesk.chat.models import AgentPresence, CannedReply, Conversation, Entry
from walletdesk.core import clock
from walletdesk.core.errors import NotFound
from walletdesk.identity.models import TeamCode, User
from walletdesk.tickets import selectors as ticket_selectors
from walletdesk.tickets.choices import MessageKind
from walletdesk.web.console.ticket_page import panel_context

# Conversation keys are short URL-safe strings; anything else is not one (and a 404).
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
ENTRIES_SHOWN = 500


@dataclass(frozen=True)
class WaitingRow:
    conversation: Conversation
    position: int
    waited: timedelta | None
    who: str


@dataclass(frozen=True)
class ActiveRow:
    conversation: Conversation
    unread: int
    who: str


def who_of(conversation: Conversation) -> str:
    """The name the console shows for the chat's customer: the account's for a verified one,
    what the visitor typed otherwise (marked unverified next to it by the templates)."""
    if conversation.verified and conversation.customer is not None:
        return conversation.customer.display_name
    return conversation.visitor_name


def lists_context(*, user: User) -> dict[str, Any]:
    now = clock.now()
    waiting = [
        WaitingRow(
            conversation=conversation,
            position=position,
            waited=now - conversation.queued_at if conversation.queued_at else None,
            who=who_of(conversation),
        )
        for position, conversation in enumerate(chat_selectors.waiting_for(user=user), start=1)
    ]
    active = [
        ActiveRow(
            conversation=conversation,
            unread=max(conversation.last_seq - conversation.agent_read_seq, 0),
            who=who_of(conversation),
        )
        for conversation in chat_selectors.active_for(user=user)
    ]
    return {"waiting": waiting, "active": active, "waiting_count": len(waiting)}


def waiting_count(*, user: User) -> int:
    return len(chat_selectors.waiting_for(user=user))


def presence_of(user: User) -> AgentPresence:
    """The agent's presence as stored, or the default (offline) before they ever set one."""
    found = AgentPresence.objects.filter(user=user).first()
    return found if found is not None else AgentPresence(user=user, status=Presence.OFFLINE)


def chat_for_agent(*, user: User, key: str) -> Conversation:
    """The conversation `key` if this user may see it; unknown and forbidden are one NotFound."""
    if not KEY_PATTERN.fullmatch(key):
        raise NotFound()
    conversation = chat_selectors.conversation_by_key(user=user, key=key)
    if conversation is None or not chat_selectors.agent_may_see(
        user=user, conversation=conversation
    ):
        raise NotFound()
    return conversation


def canned_for(*, user: User, conversation: Conversation) -> list[CannedReply]:
    """Canned replies for everyone or the agent's teams, in the languages the agent chats in;
    those in the chat's own language first."""
    languages = set(presence_of(user).languages or [user.language])
    replies = [
        reply
        for reply in chat_selectors.canned_replies_for(user=user)
        if reply.language in languages
    ]
    return sorted(replies, key=lambda reply: reply.language != conversation.language)


def notes_of(conversation: Conversation) -> list[Any]:
    if conversation.ticket is None:
        return []
    return list(
        ticket_selectors.thread(ticket=conversation.ticket, include_internal=True).filter(
            kind=MessageKind.NOTE
        )
    )


def header_context(*, user: User, conversation: Conversation) -> dict[str, Any]:
    state = conversation.state
    mine = conversation.agent_id == user.pk
    return {
        "conversation": conversation,
        "who": who_of(conversation),
        "mine": mine,
        "may_accept": state == ConversationState.QUEUED,
        "may_send": state == ConversationState.ACTIVE and mine,
        "may_act": state in {ConversationState.QUEUED, ConversationState.ACTIVE},
        "closed": state == ConversationState.CLOSED,
    }


def pane_context(*, user: User, conversation: Conversation) -> dict[str, Any]:
    entries: list[Entry] = list(conversation.entries.order_by("seq")[:ENTRIES_SHOWN])
    context = header_context(user=user, conversation=conversation)
    context.update(
        {
            "entries": entries,
            "shown_seq": entries[-1].seq if entries else 0,
            "notes": notes_of(conversation),
            "canned": canned_for(user=user, conversation=conversation),
            "team_choices": TeamCode.choices,
            "transfer_agents": [
                agent for agent in ticket_selectors.assignable_users() if agent.pk != user.pk
            ],
        }
    )
    customer = conversation.customer if conversation.verified else None
    if customer is not None:
        # The same object-level check as the panel's own URL, as on the ticket page.
        customer = ticket_selectors.customer_for_user(user=user, customer_id=customer.pk)
        context["panel"] = panel_context(
            user=user, customer=customer, exclude_ticket_id=conversation.ticket_id
        )
    return context
