"""The chat's fan-out in one server process: topic → the sockets here that follow it.

A frame is encoded once (core.chatbus.encode_frame) where it is published; the text travels
to the other processes as it is (chat_relay: Redis pub/sub when scaled, the embedded layer's
datagrams otherwise), is parsed once per process, and the same text is handed to every local
socket of the topic (`Subscriber.chat_frame`), which passes it to its ASGI `send`. No group
per socket, no channel-layer message per delivery, no query per delivery.

Everything here runs on the server's event loop (the "home" loop, where the sockets are),
except `publish_text`, which may be called from any thread: it hands local delivery to the home
loop with one `call_soon_threadsafe` per frame, whatever the number of sockets.

The bus may lose a frame (a Redis restart, a full datagram buffer). Numbered frames are records
in the database, so the hub also runs the safety net: every few seconds one query reads the
latest entry number of every conversation whose sockets have heard nothing numbered for a
while, and a socket behind the database catches up from there (`Subscriber.resync`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

from walletdesk.core import chatbus

logger = logging.getLogger(__name__)

# A socket that has heard nothing numbered for this long is checked against the database at
# the next sweep; sweeps run this often.
QUIET_SECONDS = 4.0
SWEEP_SECONDS = 2.0
CONVERSATION_PREFIX = "chat."


class Subscriber(Protocol):
    """One socket's interest in one topic. Called on the home loop; must not block."""

    def chat_frame(self, text: str, frame: Mapping[str, Any]) -> None: ...


@runtime_checkable
class ConversationSubscriber(Subscriber, Protocol):
    last_seq: int
    quiet_since: float  # monotonic time of the last numbered frame (or the last check)

    def resync(self) -> None:
        """The database holds entries past `last_seq`: fetch and send them."""


class Relay(Protocol):
    """How frames reach the other server processes."""

    def start(self, hub: ChatHub) -> None:
        """On the home loop: begin receiving (`hub.receive_payload`)."""

    def send(self, topic: str, text: str) -> None:
        """From any thread, without waiting long."""

    def send_from_loop(self, topic: str, text: str) -> None:
        """On the home loop, without blocking it."""

    async def ready(self, timeout: float) -> bool:
        """Wait (at most `timeout`) until frames from other processes arrive here."""

    async def stop(self) -> None:
        """Stop receiving (on the home loop)."""


LatestSeqs = Callable[[list[int]], Awaitable[dict[int, int]]]


class ChatHub:
    """The process's one hub (`hub()`); also the chat bus (`chatbus.install`)."""

    instance: ClassVar[ChatHub | None] = None

    def __init__(self, relay: Relay | None, latest_seqs: LatestSeqs | None) -> None:
        self.relay = relay
        self.latest_seqs = latest_seqs
        self.topics: dict[str, set[Subscriber]] = {}
        self.home: asyncio.AbstractEventLoop | None = None
        self._home_thread: int | None = None
        self._sweeper: asyncio.Task[None] | None = None
        self.delivered = 0  # frames handed to sockets (for the bench and the tests)

    # --- sockets (home loop) ------------------------------------------------------------------

    def subscribe(self, topic: str, subscriber: Subscriber) -> None:
        self._settle_home()
        self.topics.setdefault(topic, set()).add(subscriber)

    def unsubscribe(self, topic: str, subscriber: Subscriber) -> None:
        members = self.topics.get(topic)
        if members is not None:
            members.discard(subscriber)
            if not members:
                del self.topics[topic]

    async def ready(self, timeout: float = 1.0) -> bool:
        """True once frames published by other processes reach this one."""
        return True if self.relay is None else await self.relay.ready(timeout)

    def _settle_home(self) -> None:
        loop = asyncio.get_running_loop()
        if self.home is loop:
            return
        self.home, self._home_thread = loop, threading.get_ident()
        if self.relay is not None:
            self.relay.start(self)
        if self.latest_seqs is not None:
            self._sweeper = loop.create_task(self._sweep_forever())

    async def stop(self) -> None:
        """On the home loop: end the sweeper and the relay's receiving (tests, shutdown)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        if self.relay is not None:
            await self.relay.stop()
        self.home, self._home_thread = None, None

    # --- publishing (any thread) --------------------------------------------------------------

    def publish_text(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
        if self.relay is not None:
            self.relay.send(topic, text)
        home = self.home
        if home is None or home.is_closed() or topic not in self.topics:
            return
        if threading.get_ident() == self._home_thread:
            self.deliver(topic, text, frame)
        else:
            try:
                home.call_soon_threadsafe(self.deliver, topic, text, frame)
            except RuntimeError:  # the loop has just closed
                return

    def publish_from_loop(self, topic: str, frame: Mapping[str, Any]) -> None:
        """A live signal a socket sends (typing, read), on the home loop."""
        text = chatbus.encode_frame(frame)
        if self.relay is not None:
            self.relay.send_from_loop(topic, text)
        self.deliver(topic, text, frame)

    # --- delivering (home loop) ---------------------------------------------------------------

    def receive_payload(self, topic: str, text: str) -> None:
        """A frame from another process: parsed once here, whatever the sockets."""
        members = self.topics.get(topic)
        if not members:
            return
        try:
            frame = json.loads(text)
        except ValueError:
            logger.warning("a malformed chat frame from another process was dropped")
            return
        if isinstance(frame, dict):
            self.deliver(topic, text, frame)

    def deliver(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
        members = self.topics.get(topic)
        if not members:
            return
        for member in tuple(members):
            try:
                member.chat_frame(text, frame)
            except Exception:  # one broken socket must not keep the frame from the others
                logger.exception("a chat frame was not handed to a socket")
        self.delivered += len(members)

    def resync_all(self) -> None:
        """Frames may have been lost (the relay reconnected): every socket checks now."""
        for topic, members in self.topics.items():
            if topic.startswith(CONVERSATION_PREFIX):
                for member in members:
                    if isinstance(member, ConversationSubscriber):
                        member.quiet_since = 0.0
        if self.home is not None and not self.home.is_closed():
            self.home.create_task(self.sweep(force=True))

    # --- the safety net -----------------------------------------------------------------------

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.sweep()
            except Exception:  # the database away for a moment: next time round
                logger.exception("chat sweep failed")

    async def sweep(self, *, force: bool = False) -> int:
        """One query for the conversations whose sockets have been quiet; returns how many
        sockets were found behind the database and told to catch up."""
        if self.latest_seqs is None:
            return 0
        now = time.monotonic()
        quiet: dict[int, list[ConversationSubscriber]] = {}
        for topic, members in self.topics.items():
            if not topic.startswith(CONVERSATION_PREFIX):
                continue
            for member in members:
                if not isinstance(member, ConversationSubscriber):
                    continue
                if force or now - member.quiet_since >= QUIET_SECONDS:
                    conversation_id = int(topic[len(CONVERSATION_PREFIX) :])
                    quiet.setdefault(conversation_id, []).append(member)
        if not quiet:
            return 0
        latest = await self.latest_seqs(list(quiet))
        behind = 0
        checked = time.monotonic()
        for conversation_id, streams in quiet.items():
            for member in streams:
                member.quiet_since = checked
                if latest.get(conversation_id, 0) > member.last_seq:
                    behind += 1
                    member.resync()
        return behind


_lock = threading.Lock()


def hub() -> ChatHub:
    """This process's hub, made on first use with the relay the settings call for."""
    found = ChatHub.instance
    if found is not None:
        return found
    with _lock:
        if ChatHub.instance is None:
            from walletdesk.realtime import chat_access, chat_relay

            made = ChatHub(chat_relay.relay_from_settings(), chat_access.latest_seqs)
            ChatHub.instance = made
            chatbus.install(made)
        return ChatHub.instance


class _LazyBus:
    """Installed at start-up: the hub (and its Redis connections) is made at the first frame."""

    def publish_text(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
        hub().publish_text(topic, text, frame)


def install() -> None:
    chatbus.install(_LazyBus())


async def reset() -> None:
    """Stop and forget the hub (a test that changes the relay's settings starts a fresh one;
    each test runs on its own loop)."""
    found = ChatHub.instance
    if found is not None:
        await found.stop()
        closer = getattr(found.relay, "close", None)
        if closer is not None:
            closer()
    with _lock:
        ChatHub.instance = None
        install()
