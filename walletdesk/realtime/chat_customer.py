"""The customer's chat socket, `/ws/chat/`: the widget in the portal, the wallet app or a page
that embeds it. No cookie (an embedded widget lives in a third-party frame): the first frame
must be `hello` with the conversation's key, its access token and the last entry number the
widget has shown, within HELLO_SECONDS, or the socket is closed (4401). A wrong token and
another conversation's key are the same refusal.

After `hello` the socket subscribes to its conversation on this process's hub (buffering),
answers `hello`, replays the entries after `since` from the database, then goes live
(chat_stream.ConversationStream). This socket uses no channel layer at all.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from django.conf import settings

from walletdesk.chat import services
from walletdesk.core.chatbus import conversation_topic
from walletdesk.core.errors import DomainError
from walletdesk.realtime import chat_access
from walletdesk.realtime.base import SessionSocket
from walletdesk.realtime.chat_hub import hub
from walletdesk.realtime.chat_protocol import (
    CLOSE_TOO_SLOW,
    HELLO_SECONDS,
    BadFrame,
    client_id_of,
    error_frame,
    field,
    key_of,
    parse,
    seq_of,
    text_of,
)
from walletdesk.realtime.chat_stream import ConversationStream, MessageRate, Outbox
from walletdesk.realtime.protocol import CLOSE_TOO_MANY_SOCKETS, CLOSE_UNAUTHENTICATED

logger = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_COMMENT = 2000
MAX_CONTACT = 255
# Any frame at all (typing included), per socket: a burst of this many, refilled per second.
FRAME_BURST = 20
FRAMES_PER_SECOND = 5.0


class FrameRate:
    """A token bucket for every frame a socket sends."""

    __slots__ = ("stamp", "tokens")

    def __init__(self) -> None:
        self.tokens = float(FRAME_BURST)
        self.stamp = asyncio.get_running_loop().time()

    def allow(self) -> bool:
        now = asyncio.get_running_loop().time()
        self.tokens = min(FRAME_BURST, self.tokens + (now - self.stamp) * FRAMES_PER_SECOND)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class ChatCustomerConsumer(SessionSocket):
    channel_layer_alias = "walletdesk-no-layer"  # not configured: channels gives us none
    # Sockets per conversation and server process (a few tabs, a phone and a laptop).
    max_sockets_per_person = 5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the id is kept (a model instance per idle socket is memory for nothing); each
        # command reads the conversation afresh, as the service locks it anyway.
        self.conversation_id: int | None = None
        self.stream: ConversationStream | None = None
        self.out: Outbox | None = None
        self.language: str | None = None
        self.messages: MessageRate | None = None
        self.frames: FrameRate | None = None
        self._hello_timer: asyncio.TimerHandle | None = None
        self._topic = ""

    async def connect(self) -> None:
        await self.accept()
        self.out = Outbox(self.base_send, self._too_slow)
        self.frames = FrameRate()
        self.messages = MessageRate(settings.CHAT_MESSAGES_PER_MINUTE)
        loop = asyncio.get_running_loop()
        self._hello_timer = loop.call_later(HELLO_SECONDS, self._late_hello)

    def _late_hello(self) -> None:
        if self.conversation_id is None and not self._closed:
            asyncio.get_running_loop().create_task(self._refuse("unauthenticated"))

    def _too_slow(self) -> None:
        asyncio.get_running_loop().create_task(self.end(CLOSE_TOO_SLOW))

    async def _refuse(self, code: str, close: int = CLOSE_UNAUTHENTICATED) -> None:
        if self._closed or self.out is None:
            return
        self.out.put_frame(error_frame(code, self.language))
        await self.out.flushed()
        await self.end(close)

    def _error(self, code: str, message: Any = None) -> None:
        if self.out is not None:
            self.out.put_frame(error_frame(code, self.language, message))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.frames is not None and not self.frames.allow():
            self._error("rate_limited")
            return
        try:
            verb, value, _whole = parse(text_data)
            if self.conversation_id is None:
                if verb != "hello":
                    raise BadFrame("unauthenticated")
                await self._hello(value)
            else:
                await self._command(verb, value)
        except BadFrame as bad:
            if self.conversation_id is None:
                await self._refuse("unauthenticated" if bad.code == "malformed" else bad.code)
            else:
                self._error(bad.code)
        except DomainError as refused:
            self._error(refused.code, refused.message)
        except Exception:  # never a crash: the client hears an error, the log the cause
            logger.exception("a chat frame failed")
            self._error("unavailable")

    # --- hello --------------------------------------------------------------------------------

    async def _hello(self, value: Any) -> None:
        if self._hello_timer is not None:  # it came in time; checking it may take a moment
            self._hello_timer.cancel()
            self._hello_timer = None
        key = key_of(field(value, "conversation"))
        token = text_of(field(value, "token"), limit=256)
        since = seq_of(value.get("since", 0))
        conversation = await chat_access.customer_conversation(key, token)
        if conversation is None:
            raise BadFrame("unauthenticated")
        self.language = conversation.language
        if not self.claim(f"chat.{conversation.pk}"):
            await self._refuse("too_many_sockets", CLOSE_TOO_MANY_SOCKETS)
            return
        if self.out is None:
            return
        self.conversation_id = conversation.pk
        self.stream = ConversationStream(
            conversation_id=conversation.pk,
            side="customer",
            since=min(since, conversation.last_seq),
            out=self.out,
            fetch=chat_access.frames_after,
        )
        self._topic = conversation_topic(conversation.pk)
        bus = hub()
        bus.subscribe(self._topic, self.stream)  # buffering from here: nothing falls between
        await bus.ready()
        self.out.put_frame(
            {
                "kind": "hello",
                "conversation": conversation.key,
                "state": conversation.state,
                "last_seq": conversation.last_seq,
            }
        )
        await self.stream.open()

    # --- commands -----------------------------------------------------------------------------

    async def _command(self, verb: str, value: Any) -> None:
        if self.conversation_id is None or self.out is None or self.messages is None:
            return
        conversation = await chat_access.fresh(self.conversation_id)
        if conversation is None:
            raise BadFrame("not_found")
        if verb == "send":
            text = text_of(field(value, "text"), limit=MAX_TEXT)
            client_id = client_id_of(field(value, "client_id"))
            if not self.messages.allow():
                self._error("rate_limited")
                return
            said = await chat_access.call(services.customer_say)(
                conversation=conversation, text=text, client_id=client_id
            )
            self.out.put_frame({"kind": "ack", "client_id": client_id, "seq": said.entry.seq})
        elif verb == "typing":
            if not isinstance(value, bool):
                raise BadFrame()
            hub().publish_from_loop(
                self._topic, {"kind": "typing", "from": "customer", "on": value}
            )
        elif verb == "read":
            seq = seq_of(value)
            # The service tells the other side (a `read` frame on commit).
            await chat_access.call(services.read_mark)(
                conversation=conversation, by_agent=False, seq=seq
            )
        elif verb == "queue":
            status = await chat_access.call(services.queue_join)(
                conversation=conversation, client=self._client()
            )
            self.out.put_frame(
                {
                    "kind": "queue",
                    "position": status.position,
                    "wait_seconds": status.wait_seconds,
                    "peak": status.peak,
                    "open": status.open,
                }
            )
        elif verb == "answer":
            key = text_of(field(value, "key"), limit=64)
            answer = text_of(field(value, "value"), limit=MAX_TEXT, allow_empty=True)
            await chat_access.call(services.intake_answer)(
                conversation=conversation, key=key, value=answer
            )
        elif verb == "leave_message":
            contact = text_of(
                value.get("contact", "") if isinstance(value, dict) else None,
                limit=MAX_CONTACT,
                allow_empty=True,
            )
            await chat_access.call(services.leave_message)(
                conversation=conversation, contact=contact
            )
        elif verb == "rate":
            score = field(value, "score")
            if type(score) is not int or not 1 <= score <= 5:
                raise BadFrame()
            comment = text_of(value.get("comment", ""), limit=MAX_COMMENT, allow_empty=True)
            await chat_access.call(services.chat_rate)(
                conversation=conversation, score=score, comment=comment
            )
        elif verb == "close":
            await chat_access.call(services.chat_close)(conversation=conversation, by=None)
        else:
            raise BadFrame()

    def _client(self) -> str:
        client = self.scope.get("client")
        return str(client[0]) if client else ""

    async def recheck(self) -> None:
        """No session to re-read: the conversation's token is the socket's right."""

    async def disconnect(self, code: int) -> None:
        if self._hello_timer is not None:
            self._hello_timer.cancel()
        if self.stream is not None:
            hub().unsubscribe(self._topic, self.stream)
            self.stream.close()
        if self.out is not None:
            self.out.close()
        await super().disconnect(code)
