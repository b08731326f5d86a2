"""What crosses the chat app's border."""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.chat.models import Conversation, Entry


@dataclass(frozen=True)
class Started:
    """A new conversation and the access token its widget keeps (shown once, never stored)."""

    conversation: Conversation
    token: str


@dataclass(frozen=True)
class QueueStatus:
    """Where a waiting customer stands. `position` 1 is next; `wait_seconds` is the estimate
    (chat/queue.py says how it is made); `peak` means the estimate is over
    CHAT_PEAK_WAIT_SECONDS (offer to leave a message); `open` is False outside service hours or
    with nobody online (the chat becomes a ticket answered by email)."""

    position: int
    wait_seconds: int
    peak: bool
    open: bool


@dataclass(frozen=True)
class Said:
    """A message stored as an entry. `created` is False for a resend of the same client id."""

    entry: Entry
    created: bool
