"""What both websocket consumers share: JSON out, closing with 4401, and re-checking the
session now and then, so a socket outlives neither a sign-out nor a deactivated account."""

from __future__ import annotations

import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from walletdesk.realtime.protocol import CLOSE_UNAUTHENTICATED, encode

# Channel-layer groups the domain publishes to (walletdesk.tickets.services._groups).
INBOX_GROUP = "inbox"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def customer_group(customer_id: int) -> str:
    return f"customer.{customer_id}"


class SessionSocket(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
    """A socket that belongs to one signed-in session."""

    # How long a session check stays good. Events and commands after that re-read the session.
    revalidate_seconds: float = 60.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_key = ""
        self.joined: set[str] = set()
        self._checked_at = 0.0
        self._closed = False

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=encode(content))

    async def join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined.add(group)

    async def leave(self, group: str) -> None:
        if group in self.joined:
            self.joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    async def start(self, session_key: str) -> None:
        """Accept the socket for a session that was just checked."""
        self.session_key = session_key
        self._checked_at = time.monotonic()
        await self.accept()

    async def refuse(self) -> None:
        """Accept, then close with 4401: browsers only see close codes of accepted sockets."""
        self._closed = True
        await self.accept()
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        if self._closed:
            return  # frames that crossed our close on the wire get no answer
        await super().websocket_receive(message)

    async def still_signed_in(self) -> bool:
        if self._closed:
            return False
        if time.monotonic() - self._checked_at < self.revalidate_seconds:
            return True
        if not await self.session_is_valid():
            self._closed = True
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return False
        self._checked_at = time.monotonic()
        return True

    async def session_is_valid(self) -> bool:
        raise NotImplementedError

    async def disconnect(self, code: int) -> None:
        for group in list(self.joined):
            await self.leave(group)
