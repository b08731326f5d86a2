"""Every read of the chat."""

from __future__ import annotations

from walletdesk.chat.contracts import QueueStatus
from walletdesk.chat.models import Conversation, Entry
from walletdesk.identity.models import User


def conversation_for_token(*, key: str, token: str) -> Conversation | None:
    """The conversation whose widget holds `token` (constant-time check); None otherwise."""
    raise NotImplementedError


def entries_after(*, conversation: Conversation, seq: int, limit: int = 500) -> list[Entry]:
    raise NotImplementedError


def queue_status(*, conversation: Conversation) -> QueueStatus:
    raise NotImplementedError


def agent_may_see(*, user: User, conversation: Conversation) -> bool:
    """The tickets' rule (tickets.permissions) applied to the chat's ticket; a chat without a
    ticket yet is seen by nobody in the console."""
    raise NotImplementedError


def waiting_for(*, user: User) -> list[Conversation]:
    """Waiting chats this agent may see and take, in queue order."""
    raise NotImplementedError


def active_for(*, user: User) -> list[Conversation]:
    raise NotImplementedError
