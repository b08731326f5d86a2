"""The chat's bus: news of a conversation's new entries and its live signals (typing, queue
position), from the service that committed them to every socket of that conversation on any
server process.

Topics are named here. A frame is a JSON object (walletdesk/chat/wire.py), encoded once and
handed to every local socket of the topic as it is: delivering costs no query and no
re-encoding per socket. The database is the record of numbered frames; a socket that missed
one (a restart of Redis, a lost connection) reads it back from there, so the bus may lose a
frame but never the conversation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction


def conversation_topic(conversation_id: int) -> str:
    """Every socket of one conversation: the customer's widget and the agents watching it."""
    return f"chat.{conversation_id}"


def agent_topic(user_id: int) -> str:
    """One console user's chat socket(s): assignments, queue nudges."""
    return f"chatagent.{user_id}"


def queue_topic(team_code: str) -> str:
    """Agents of a team who watch its waiting list."""
    return f"chatqueue.{team_code}"


def publish(topic: str, frame: Mapping[str, Any]) -> None:
    """Send `frame` to every socket of `topic`, on every server process, now. Never raises:
    a lost nudge must not fail the write that caused it (the database has the record)."""
    raise NotImplementedError


def publish_on_commit(topic: str, frame: Mapping[str, Any]) -> None:
    frame = dict(frame)
    transaction.on_commit(lambda: publish(topic, frame), robust=True)
