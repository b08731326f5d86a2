"""What both websocket consumers share: JSON out, typed events in, closing with a code that
tells the browser what to do, a cap on sockets per person, and keeping the session honest.

A socket learns of changes to its person by events on that person's own group (user.<id> or
customer.<id>): `session.revoked` closes it at once, `access.changed` makes it re-read its
session (and, on the console, the agent's access) before the next event. A timer re-reads the
session every `revalidate_seconds` as well, for what sends no event (a session that expired).
None of this runs per delivered event: delivering costs no database query.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from typing import Any, ClassVar

from channels.generic.websocket import AsyncWebsocketConsumer

from walletdesk.core.events import (
    AccessChanged,
    MalformedEventError,
    SessionsRevoked,
    TicketEvent,
    event_from_json,
)
from walletdesk.realtime.protocol import (
    CLOSE_TOO_MANY_SOCKETS,
    CLOSE_UNAUTHENTICATED,
    ERROR_TOO_MANY_SOCKETS,
    encode,
)

logger = logging.getLogger(__name__)


class SessionSocket(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
    """A socket that belongs to one signed-in session of one person."""

    # How often the session is re-read when no event asked for it (with ±25 % jitter, so the
    # sockets of one server do not all ask at once).
    revalidate_seconds: ClassVar[float] = 60.0
    # Open sockets per person (a console user or a customer). Counted per server process: with
    # several processes a person may hold this many on each.
    max_sockets_per_person: ClassVar[int] = 10
    _open: ClassVar[Counter[str]] = Counter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_key = ""
        self.joined: set[str] = set()
        self._closed = False
        self._owner: str | None = None
        self._watch: asyncio.Task[None] | None = None

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=encode(content))

    async def join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined.add(group)

    async def leave(self, group: str) -> None:
        if group in self.joined:
            self.joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    def claim(self, owner: str) -> bool:
        """Count this socket against its person's cap; False when the cap is reached."""
        if SessionSocket._open[owner] >= self.max_sockets_per_person:
            return False
        SessionSocket._open[owner] += 1
        self._owner = owner
        return True

    async def start(self, session_key: str) -> None:
        """Accept the socket for a session that was just checked."""
        self.session_key = session_key
        await self.accept()
        self._watch = asyncio.create_task(self._watch_session())

    async def refuse(self) -> None:
        """Accept, then close with 4401: browsers only see close codes of accepted sockets."""
        self._closed = True
        await self.accept()
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def refuse_busy(self) -> None:
        """This person already has `max_sockets_per_person` sockets open here."""
        self._closed = True
        await self.accept()
        await self.send_json({"error": ERROR_TOO_MANY_SOCKETS})
        await self.close(code=CLOSE_TOO_MANY_SOCKETS)

    async def end(self, code: int) -> None:
        if not self._closed:
            self._closed = True
            await self.close(code=code)

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        if self._closed:
            return  # frames that crossed our close on the wire get no answer
        await super().websocket_receive(message)

    async def _watch_session(self) -> None:
        while not self._closed:
            jitter = random.uniform(0.75, 1.25)  # noqa: S311 - spreading load, not a secret
            await asyncio.sleep(self.revalidate_seconds * jitter)
            if self._closed:
                return
            try:
                await self.recheck()
            except Exception:  # the database away for a moment: try again next time round
                logger.exception("session check of a realtime socket failed")

    async def recheck(self) -> None:
        """Re-read the session (and what it grants); close the socket when it is over."""
        raise NotImplementedError

    async def deliver(self, event: TicketEvent, group: str) -> None:
        raise NotImplementedError

    async def walletdesk_event(self, message: dict[str, Any]) -> None:
        """One event from any of this socket's groups (core.events.send_event)."""
        if self._closed:
            return
        try:
            event = event_from_json(message.get("event"))
        except MalformedEventError:
            logger.warning("realtime message of an unknown shape dropped")
            return
        if isinstance(event, SessionsRevoked):
            await self.end(CLOSE_UNAUTHENTICATED)
        elif isinstance(event, AccessChanged):
            await self.recheck()
        elif isinstance(event, TicketEvent):
            group = message.get("group")
            await self.deliver(event, group if isinstance(group, str) else "")

    async def disconnect(self, code: int) -> None:
        self._closed = True
        if self._watch is not None:
            self._watch.cancel()
        if self._owner is not None:
            SessionSocket._open[self._owner] -= 1
            if SessionSocket._open[self._owner] <= 0:
                del SessionSocket._open[self._owner]
            self._owner = None
        for group in list(self.joined):
            await self.leave(group)
