"""The chat sockets' database work, each an async adapter over the chat app's selectors and
services run on channels' database thread. None of it runs per delivered frame: a socket
authenticates once, replays once, and catches up only when it is behind the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

from channels.db import database_sync_to_async

from walletdesk.chat import selectors
from walletdesk.chat.models import Conversation
from walletdesk.chat.wire import entry_frame
from walletdesk.identity.models import User

_P = ParamSpec("_P")
_R = TypeVar("_R")

REPLAY_PAGE = 500


def in_db_thread(fn: Callable[_P, _R]) -> Callable[_P, Awaitable[_R]]:
    """channels' database_sync_to_async (which also drops stale connections), typed."""
    return cast(Callable[_P, Awaitable[_R]], database_sync_to_async(fn))


@in_db_thread
def customer_conversation(key: str, token: str) -> Conversation | None:
    """The conversation this widget's key and token open; None for any mismatch."""
    return selectors.conversation_for_token(key=key, token=token)


@in_db_thread
def agent_conversation(user: User, key: str) -> Conversation | None:
    """The conversation `key` when this console user may see it now; None when it is unknown
    and when it is forbidden alike."""
    conversation = Conversation.objects.filter(key=key).first()
    if conversation is None or not selectors.agent_may_see(user=user, conversation=conversation):
        return None
    return conversation


@in_db_thread
def fresh(conversation_id: int) -> Conversation | None:
    return Conversation.objects.filter(pk=conversation_id).first()


@in_db_thread
def frames_after(conversation_id: int, seq: int) -> list[dict[str, Any]]:
    """Every numbered frame after `seq`, in order, as the bus would have carried them."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return []
    frames: list[dict[str, Any]] = []
    while True:
        page = selectors.entries_after(conversation=conversation, seq=seq, limit=REPLAY_PAGE)
        frames.extend(entry_frame(entry) for entry in page)
        if len(page) < REPLAY_PAGE:
            return frames
        seq = page[-1].seq


@in_db_thread
def latest_seqs(conversation_ids: list[int]) -> dict[int, int]:
    """The last entry number of each conversation: one query per 500 conversations (the
    safety net's sweep, for every quiet socket of the process at once)."""
    found: dict[int, int] = {}
    for start in range(0, len(conversation_ids), 500):
        chunk = conversation_ids[start : start + 500]
        found.update(Conversation.objects.filter(pk__in=chunk).values_list("pk", "last_seq"))
    return found


@in_db_thread
def team_codes(user: User) -> list[str]:
    """The teams whose waiting lists this console user hears of (every team for those who see
    everything)."""
    from walletdesk.identity.models import Team

    if user.sees_everything:
        return list(Team.objects.values_list("code", flat=True))
    return list(user.teams.values_list("code", flat=True))


def call(fn: Callable[..., _R]) -> Callable[..., Awaitable[_R]]:
    """Any chat service on the database thread (the consumer passes keyword arguments)."""
    return cast(Callable[..., Awaitable[_R]], database_sync_to_async(fn))
