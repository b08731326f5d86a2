"""Every write of the chat. Each runs in one transaction; entries are numbered under the
conversation's row lock and announced on commit (core/chatbus.py)."""

from __future__ import annotations

from walletdesk.chat.contracts import QueueStatus, Said, Started
from walletdesk.chat.models import AgentPresence, Conversation
from walletdesk.identity.models import Customer, User


def conversation_start(
    *,
    origin: str,
    language: str,
    problem_type: str = "",
    customer: Customer | None = None,
    visitor_name: str = "",
    visitor_contact: str = "",
    site: str = "",
) -> Started:
    """Open a conversation. `customer` only when proven (portal session, app identity token):
    it is then verified. An embedded visitor gives a name and an email or phone (validated)."""
    raise NotImplementedError


def problem_pick(*, conversation: Conversation, problem_type: str) -> Conversation:
    """The customer picked a type: the assistant's suggestions for it become an entry."""
    raise NotImplementedError


def customer_say(*, conversation: Conversation, text: str, client_id: str) -> Said:
    """Store the customer's message (through the one inbound path once there is a ticket, or
    opening it) before it is acknowledged. A resend of `client_id` answers the stored entry."""
    raise NotImplementedError


def agent_say(*, conversation: Conversation, user: User, text: str, client_id: str) -> Said:
    raise NotImplementedError


def queue_join(*, conversation: Conversation) -> QueueStatus:
    """ "Still need help": open the ticket if there is none, join the queue (account_stolen jumps
    it), try to assign an agent at once; outside hours or with nobody online the conversation
    becomes a message answered by email instead."""
    raise NotImplementedError


def intake_answer(*, conversation: Conversation, key: str, value: str) -> Conversation:
    raise NotImplementedError


def leave_message(*, conversation: Conversation, contact: str = "") -> Conversation:
    raise NotImplementedError


def chat_accept(*, conversation: Conversation, user: User) -> Conversation:
    raise NotImplementedError


def chat_transfer(
    *,
    conversation: Conversation,
    by: User,
    to_user: User | None = None,
    to_team: str = "",
    note: str = "",
) -> Conversation:
    raise NotImplementedError


def chat_note(*, conversation: Conversation, by: User, text: str) -> None:
    """An internal note on the chat's ticket: agents see it, the customer never does."""
    raise NotImplementedError


def chat_close(*, conversation: Conversation, by: User | None = None) -> Conversation:
    """Close (by an agent, or by the customer when `by` is None); the transcript goes by email
    to a customer with an address, once."""
    raise NotImplementedError


def chat_rate(*, conversation: Conversation, score: int, comment: str = "") -> Conversation:
    raise NotImplementedError


def read_mark(*, conversation: Conversation, by_agent: bool, seq: int) -> None:
    raise NotImplementedError


def presence_set(
    *, user: User, status: str, capacity: int | None = None, languages: list[str] | None = None
) -> AgentPresence:
    raise NotImplementedError


def presence_seen(*, user: User) -> None:
    """The agent's chat socket is alive (heartbeat)."""
    raise NotImplementedError


def assign_waiting() -> int:
    """Give waiting chats to the least-loaded online agent of the right team and language with
    room; returns how many were assigned. Called after every change that can free room, and by
    the periodic sweep."""
    raise NotImplementedError
