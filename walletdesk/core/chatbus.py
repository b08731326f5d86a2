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

import json
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from django.db import transaction

logger = logging.getLogger(__name__)


class Bus(Protocol):
    """What carries frames (walletdesk.realtime.chat_hub installs one in every process)."""

    def publish_text(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
        """`text` is `frame` encoded; deliver both to the topic's sockets everywhere."""


_bus: Bus | None = None


def install(bus: Bus | None) -> None:
    """Make `bus` the one every publish goes through (None: frames go nowhere)."""
    global _bus  # one bus per process, set once at start-up
    _bus = bus


def encode_frame(frame: Mapping[str, Any]) -> str:
    """The one encoding of a frame: compact, UTF-8 text as is (Chinese stays readable)."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


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
    a lost nudge must not fail the write that caused it (the database has the record).

    Safe from any thread and from sync or async code: it never waits for a socket, a loop or
    (beyond a bounded timeout) Redis."""
    bus = _bus
    if bus is None:
        return
    try:
        bus.publish_text(topic, encode_frame(frame), frame)
    except Exception:  # the record is in the database; sockets read it back
        logger.exception("chat frame for %s was not published", topic)


def publish_on_commit(topic: str, frame: Mapping[str, Any]) -> None:
    frame = dict(frame)
    transaction.on_commit(lambda: publish(topic, frame), robust=True)
