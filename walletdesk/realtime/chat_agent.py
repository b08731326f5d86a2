"""The agent's chat socket, `/ws/chat/agent/`: the console session (cookie `wd_console`, loaded
by the AuthMiddlewareStack) of an active console user.

The socket hears its agent's own topic (assignments) and the waiting lists of the agent's teams
(every team for those who see everything) from the moment it opens. `watch` follows one
conversation — only one `agent_may_see` allows, checked here, with one error for unknown and
forbidden alike — and is answered with its `hello`, the entries after `since`, then live; every
frame of a conversation carries its key (chat_protocol). `send`, `typing` and `read` need the
conversation watched on this socket.

Like the console's socket, it is in the agent's user group: a revoked session closes it (4401),
an access change makes it re-read session and access, and a narrower access closes it (4000;
the console reconnects and watches again what it still may).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from django.conf import settings

from walletdesk.chat import services
from walletdesk.chat.models import Conversation
from walletdesk.core.chatbus import agent_topic, conversation_topic, queue_topic
from walletdesk.core.errors import DomainError
from walletdesk.core.events import AccessChanged, TicketEvent, user_group
from walletdesk.identity.models import User
from walletdesk.realtime import access, chat_access
from walletdesk.realtime.base import SessionSocket
from walletdesk.realtime.chat_customer import MAX_TEXT, FrameRate
from walletdesk.realtime.chat_hub import Subscriber, hub
from walletdesk.realtime.chat_protocol import (
    CLOSE_TOO_SLOW,
    BadFrame,
    client_id_of,
    error_frame,
    field,
    key_of,
    parse,
    seq_of,
    text_of,
)
from walletdesk.realtime.chat_stream import ConversationStream, MessageRate, Outbox, Passthrough
from walletdesk.realtime.protocol import CLOSE_ACCESS_CHANGED, CLOSE_UNAUTHENTICATED
from walletdesk.tickets.permissions import Viewer

logger = logging.getLogger(__name__)

MAX_WATCHES = 50
PRESENCE = {"online", "away", "offline"}
WATCH_EXTRAS = {"watch": frozenset({"since"})}
PING_WRITE_SECONDS = 20.0  # heartbeats are written at most this often per socket


class Watched:
    __slots__ = ("conversation", "stream", "topic")

    def __init__(self, conversation: Conversation, stream: ConversationStream) -> None:
        self.conversation = conversation
        self.stream = stream
        self.topic = conversation_topic(conversation.pk)


class ChatAgentConsumer(SessionSocket):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.viewer: Viewer | None = None
        self.out: Outbox | None = None
        self.watching: dict[str, Watched] = {}
        self.nudges: list[tuple[str, Subscriber]] = []
        self.messages: MessageRate | None = None
        self.frames: FrameRate | None = None
        self._last_ping = 0.0
        self._checks: set[asyncio.Task[None]] = set()

    async def connect(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        if (
            user is None
            or not user.is_authenticated
            or not user.is_active
            or session is None
            or not session.session_key
        ):
            await self.refuse()
            return
        if not self.claim(f"chatagent.{user.pk}"):
            await self.refuse_busy()
            return
        self.user = user
        self.viewer = await access.viewer_for(user)
        self.out = Outbox(self.base_send, self._too_slow)
        self.frames = FrameRate()
        self.messages = MessageRate(settings.CHAT_MESSAGES_PER_MINUTE)
        await self.join(user_group(user.pk))
        bus = hub()
        topics = [agent_topic(user.pk)] + [
            queue_topic(c) for c in await chat_access.team_codes(user)
        ]
        for topic in topics:
            nudge = Passthrough(self.out)
            bus.subscribe(topic, nudge)
            self.nudges.append((topic, nudge))
        await self.start(session.session_key)

    def _too_slow(self) -> None:
        asyncio.get_running_loop().create_task(self.end(CLOSE_TOO_SLOW))

    def _language(self) -> str | None:
        return None  # the console's language (LANGUAGE_CODE unless the request said otherwise)

    def _error(self, code: str, message: Any = None, key: str | None = None) -> None:
        if self.out is not None:
            frame = error_frame(code, self._language(), message)
            if key is not None:
                frame["conversation"] = key
            self.out.put_frame(frame)

    # --- session and access -------------------------------------------------------------------

    async def recheck(self) -> None:
        user = await access.console_user(self.session_key)
        if user is None or self.user is None or user.pk != self.user.pk:
            await self.end(CLOSE_UNAUTHENTICATED)
            return
        viewer = await access.viewer_for(user)
        before, self.user, self.viewer = self.viewer, user, viewer
        if before is not None and viewer != before and viewer.narrower_than(before):
            await self.end(CLOSE_ACCESS_CHANGED)

    async def deliver(self, event: TicketEvent, group: str) -> None:
        """Ticket events are the console socket's business, not this one's."""

    async def walletdesk_event(self, message: dict[str, Any]) -> None:
        await super().walletdesk_event(message)
        event = message.get("event")
        kind = event.get("kind") if isinstance(event, dict) else None
        if kind == AccessChanged.kind and self.out is not None and not self._closed:
            self.out.put_frame(AccessChanged().wire())

    # --- frames -------------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.user is None or self.out is None or self.frames is None:
            return
        if not self.frames.allow():
            self._error("rate_limited")
            return
        key: str | None = None
        try:
            verb, value, whole = parse(text_data, extras=WATCH_EXTRAS)
            key = await self._command(self.user, verb, value, whole)
        except BadFrame as bad:
            self._error(bad.code, key=key)
        except DomainError as refused:
            self._error(refused.code, refused.message, key=key)
        except Exception:  # never a crash: the client hears an error, the log the cause
            logger.exception("a chat frame failed")
            self._error("unavailable", key=key)

    async def _command(
        self, user: User, verb: str, value: Any, whole: dict[str, Any]
    ) -> str | None:
        if self.out is None:
            return None
        if verb == "watch":
            key = key_of(value)
            await self._follow(user, key, seq_of(whole.get("since", 0)))
            return key
        if verb == "unwatch":
            self._unwatch(key_of(value))
            return None
        if verb == "presence":
            if value not in PRESENCE:
                raise BadFrame()
            await chat_access.call(services.presence_set)(user=user, status=value)
            self.out.put_frame({"kind": "presence", "status": value})
            return None
        if verb == "ping":
            now = time.monotonic()
            if now - self._last_ping >= PING_WRITE_SECONDS:
                self._last_ping = now
                await chat_access.call(services.presence_seen)(user=user)
            self.out.put_frame({"kind": "pong"})
            return None
        if not isinstance(value, dict):
            raise BadFrame()
        key = key_of(field(value, "conversation"))
        watched = self.watching.get(key)
        if watched is None:
            self._error("not_watching", key=key)
            return key
        if verb == "send":
            await self._send(user, watched, value)
        elif verb == "typing":
            on = field(value, "on")
            if not isinstance(on, bool):
                raise BadFrame()
            hub().publish_from_loop(watched.topic, {"kind": "typing", "from": "agent", "on": on})
        elif verb == "read":
            seq = seq_of(field(value, "seq"))
            # The service tells the other side (a `read` frame on commit).
            await chat_access.call(services.read_mark)(
                conversation=watched.conversation, by_agent=True, seq=seq
            )
        else:
            raise BadFrame()
        return key

    async def _follow(self, user: User, key: str, since: int) -> None:
        if self.out is None:
            return
        if key in self.watching:
            self._unwatch(key)
        if len(self.watching) >= MAX_WATCHES:
            self._error("too_many", key=key)
            return
        conversation = await chat_access.agent_conversation(user, key)
        if conversation is None:
            self._error("not_found", key=key)
            return
        stream = ConversationStream(
            conversation_id=conversation.pk,
            side="agent",
            since=min(since, conversation.last_seq),
            out=self.out,
            fetch=chat_access.frames_after,
            key_for_agents=conversation.key,
            on_state=lambda: self._check_later(key),
        )
        watched = Watched(conversation, stream)
        self.watching[key] = watched
        bus = hub()
        bus.subscribe(watched.topic, stream)
        await bus.ready()
        self.out.put_frame(
            {
                "kind": "hello",
                "conversation": conversation.key,
                "state": conversation.state,
                "last_seq": conversation.last_seq,
            }
        )
        await stream.open()

    def _check_later(self, key: str) -> None:
        """A state entry (passed to another agent or team, closed …): may the agent still see
        the chat? If not, the watch ends with the same answer as an unknown chat."""
        task = asyncio.get_running_loop().create_task(self._check(key))
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    async def _check(self, key: str) -> None:
        watched, user = self.watching.get(key), self.user
        if watched is None or user is None:
            return
        still = await chat_access.agent_conversation(user, key)
        if still is None and self.watching.get(key) is watched:
            self._unwatch(key)
            self._error("not_found", key=key)

    def _unwatch(self, key: str) -> None:
        watched = self.watching.pop(key, None)
        if watched is not None:
            hub().unsubscribe(watched.topic, watched.stream)
            watched.stream.close()

    async def _send(self, user: User, watched: Watched, value: dict[str, Any]) -> None:
        if self.out is None or self.messages is None:
            return
        text = text_of(field(value, "text"), limit=MAX_TEXT)
        client_id = client_id_of(field(value, "client_id"))
        if not self.messages.allow():
            self._error("rate_limited", key=watched.conversation.key)
            return
        said = await chat_access.call(services.agent_say)(
            conversation=watched.conversation, user=user, text=text, client_id=client_id
        )
        self.out.put_frame(
            {
                "kind": "ack",
                "conversation": watched.conversation.key,
                "client_id": client_id,
                "seq": said.entry.seq,
            }
        )

    async def disconnect(self, code: int) -> None:
        for key in list(self.watching):
            self._unwatch(key)
        bus = hub()
        for topic, nudge in self.nudges:
            bus.unsubscribe(topic, nudge)
        self.nudges.clear()
        if self.out is not None:
            self.out.close()
        await super().disconnect(code)
