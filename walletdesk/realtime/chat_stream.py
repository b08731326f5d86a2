"""What every chat socket uses to send: an ordered outbox of pre-encoded text, and the
per-conversation stream that merges the live bus with the database exactly once and in order.

A `ConversationStream` is one socket's subscription to one conversation. Opening it (and
every catch-up later) goes: buffer live frames, read the entries after the last number sent
from the database, send them, then drain the buffer dropping every numbered frame at or below
the last number sent. Live, a numbered frame one past the last is sent at once; one that skips
numbers (the bus lost one) starts a catch-up; one already sent is dropped. So the client gets
each entry once, in order, whatever the bus did.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from walletdesk.core.chatbus import encode_frame

logger = logging.getLogger(__name__)

# Frames waiting for one socket (a reader that stopped reading): beyond this it is closed,
# reconnects, and reads what it missed from the database.
MAX_QUEUED = 2000
CATCH_UP_ROUNDS = 5

Send = Callable[[dict[str, Any]], Awaitable[None]]
Fetch = Callable[[int, int], Awaitable[list[dict[str, Any]]]]


class Outbox:
    """Text frames to one socket, in order. A frame is handed to the ASGI `send` as it is;
    a task runs only while frames are waiting."""

    __slots__ = ("_on_overflow", "_queue", "_send", "_task", "closed")

    def __init__(self, send: Send, on_overflow: Callable[[], None]) -> None:
        self._send = send
        self._queue: deque[str] = deque()
        self._task: asyncio.Task[None] | None = None
        self._on_overflow = on_overflow
        self.closed = False

    def put(self, text: str) -> None:
        if self.closed:
            return
        if len(self._queue) >= MAX_QUEUED:
            self.closed = True
            self._queue.clear()
            self._on_overflow()
            return
        self._queue.append(text)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def put_frame(self, frame: Mapping[str, Any]) -> None:
        self.put(encode_frame(frame))

    async def _run(self) -> None:
        queue, send = self._queue, self._send
        try:
            while queue and not self.closed:
                await send({"type": "websocket.send", "text": queue.popleft()})
        except Exception:  # the client went away while we wrote: nothing more to send
            self.closed = True
            queue.clear()
        finally:
            self._task = None

    async def flushed(self) -> None:
        """Wait until everything put so far has been handed to the server."""
        while self._task is not None:
            await asyncio.sleep(0.005)

    def close(self) -> None:
        self.closed = True
        self._queue.clear()


class ConversationStream:
    """One socket following one conversation (the hub's subscriber)."""

    __slots__ = (
        "_buffer",
        "_fetch",
        "_on_state",
        "_out",
        "_prefix",
        "_task",
        "conversation_id",
        "last_seq",
        "quiet_since",
        "side",
    )

    def __init__(
        self,
        *,
        conversation_id: int,
        side: str,
        since: int,
        out: Outbox,
        fetch: Fetch,
        key_for_agents: str | None = None,
        on_state: Callable[[], None] | None = None,
    ) -> None:
        self.conversation_id = conversation_id
        self.side = side  # "customer" or "agent": its own typing and read frames stay away
        self.last_seq = since
        self.quiet_since = time.monotonic()
        self._out = out
        self._fetch = fetch
        # Called after each state entry is sent (a chat passed on may leave what the agent
        # may see: their socket checks again).
        self._on_state = on_state
        # An agent's socket carries many conversations: each frame names its own. The key is
        # spliced in front of the shared text, so the frame is still not re-encoded.
        self._prefix = None if key_for_agents is None else f'{{"conversation":"{key_for_agents}",'
        self._buffer: list[tuple[str, Mapping[str, Any]]] | None = []  # buffering until open
        self._task: asyncio.Task[None] | None = None

    # --- from the hub -------------------------------------------------------------------------

    def chat_frame(self, text: str, frame: Mapping[str, Any]) -> None:
        kind = frame.get("kind")
        if (kind == "typing" and frame.get("from") == self.side) or (
            kind == "read" and frame.get("by") == self.side
        ):
            return  # typing and read receipts go to the other side only
        if self._buffer is not None:
            self._buffer.append((text, frame))
            return
        seq = frame.get("seq") if kind != "read" else None  # a read receipt names an entry
        if type(seq) is int:
            if seq <= self.last_seq:
                return
            if seq != self.last_seq + 1:  # the bus lost one: the database has it
                self._buffer = [(text, frame)]
                self._start_catch_up()
                return
            self.last_seq = seq
            self.quiet_since = time.monotonic()
        self._send_text(text, frame)

    def resync(self) -> None:
        if self._buffer is None:
            self._buffer = []
            self._start_catch_up()

    # --- catching up --------------------------------------------------------------------------

    async def open(self) -> None:
        """Replay from the database, then go live (the hub has been buffering for us)."""
        await self._catch_up()

    def _start_catch_up(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._catch_up())

    async def _catch_up(self) -> None:
        try:
            for _round in range(CATCH_UP_ROUNDS):
                for frame in await self._fetch(self.conversation_id, self.last_seq):
                    seq = frame.get("seq")
                    if type(seq) is int and seq > self.last_seq:
                        self.last_seq = seq
                        self._send_text(encode_frame(frame), frame)
                if not self._drain():
                    break
        except Exception:  # the database away: go live; the next sweep tries again
            logger.exception("a chat socket could not catch up")
            self._flush_buffer()
        finally:
            self.quiet_since = time.monotonic()
            self._task = None
            if self._buffer is not None and not self._out.closed:
                self._flush_buffer()

    def _drain(self) -> bool:
        """Send what the buffer holds after the last number sent; True (still buffering) when
        it skips numbers again."""
        pending, self._buffer = self._buffer or [], []
        for index, (text, frame) in enumerate(pending):
            seq = _number(frame)
            if type(seq) is int:
                if seq <= self.last_seq:
                    continue
                if seq != self.last_seq + 1:
                    self._buffer = pending[index:]
                    return True
                self.last_seq = seq
            self._send_text(text, frame)
        self._buffer = None
        return False

    def _flush_buffer(self) -> None:
        """Give up waiting for the database: send what was buffered, still without repeats."""
        pending, self._buffer = self._buffer or [], None
        for text, frame in pending:
            seq = _number(frame)
            if type(seq) is int:
                if seq <= self.last_seq:
                    continue
                self.last_seq = seq
            self._send_text(text, frame)

    def _send_text(self, text: str, frame: Mapping[str, Any]) -> None:
        if self._prefix is not None and "conversation" not in frame and len(text) > 2:
            text = self._prefix + text[1:]
        self._out.put(text)
        if self._on_state is not None and frame.get("kind") == "state":
            self._on_state()

    def close(self) -> None:
        self._buffer = None
        if self._task is not None:
            self._task.cancel()
            self._task = None


def _number(frame: Mapping[str, Any]) -> Any:
    """The entry number of a numbered frame; None for the others (a read receipt's `seq` is
    the entry it read, not its own number)."""
    return None if frame.get("kind") == "read" else frame.get("seq")


class Passthrough:
    """A socket's subscription to a topic of unnumbered nudges (an agent's own topic, a team's
    waiting list): the shared text as it is."""

    __slots__ = ("_out",)

    def __init__(self, out: Outbox) -> None:
        self._out = out

    def chat_frame(self, text: str, frame: Mapping[str, Any]) -> None:
        self._out.put(text)


class MessageRate:
    """At most `per_minute` messages in any 60 seconds (a sliding window, per socket)."""

    __slots__ = ("_times", "per_minute")

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._times: deque[float] = deque()

    def allow(self) -> bool:
        now = time.monotonic()
        times = self._times
        while times and now - times[0] >= 60.0:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True

    def retry_after(self) -> int:
        if not self._times:
            return 0
        return max(1, int(60.0 - (time.monotonic() - self._times[0])) + 1)
