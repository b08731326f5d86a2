"""The agent console's socket, `/ws/console/`: the inbox and the tickets an agent has open.

Every event is checked against the agent's permissions when it arrives, not when the socket
opened: tickets move between teams, and an agent must stop hearing about one that left.
"""

from __future__ import annotations

from typing import Any

from walletdesk.identity.models import User
from walletdesk.realtime import access
from walletdesk.realtime.base import INBOX_GROUP, SessionSocket, ticket_group
from walletdesk.realtime.protocol import (
    ERROR_MALFORMED,
    ERROR_NOT_FOUND,
    ERROR_TOO_MANY,
    MalformedFrameError,
    Subscribe,
    event_ticket_id,
    parse_console_command,
)

MAX_SUBSCRIPTIONS = 50


class ConsoleConsumer(SessionSocket):
    """Signed-in, active console users only (Django auth, cookie `wd_console`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.subscriptions: set[int] = set()

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
        self.user = user
        await self.join(INBOX_GROUP)
        await self.start(session.session_key)

    async def session_is_valid(self) -> bool:
        user = await access.console_user(self.session_key)
        if user is None or self.user is None or user.pk != self.user.pk:
            return False
        self.user = user  # a fresh copy: role changes count from now on
        return True

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            command = parse_console_command(text_data)
        except MalformedFrameError:
            await self.send_json({"error": ERROR_MALFORMED})
            return
        if self.user is None or not await self.still_signed_in():
            return
        if isinstance(command, Subscribe):
            await self._subscribe(self.user, command.ticket_id)
        else:
            await self._unsubscribe(command.ticket_id)

    async def _subscribe(self, user: User, ticket_id: int) -> None:
        if ticket_id not in self.subscriptions and len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            await self.send_json({"error": ERROR_TOO_MANY})
            return
        if not await access.can_follow_ticket(user, ticket_id):
            await self.send_json({"error": ERROR_NOT_FOUND, "ticket": ticket_id})
            return
        self.subscriptions.add(ticket_id)
        await self.join(ticket_group(ticket_id))
        await self.send_json({"subscribed": ticket_id})

    async def _unsubscribe(self, ticket_id: int) -> None:
        self.subscriptions.discard(ticket_id)
        await self.leave(ticket_group(ticket_id))
        await self.send_json({"unsubscribed": ticket_id})

    async def walletdesk_event(self, message: dict[str, Any]) -> None:
        """One domain event, arriving through the inbox group or a ticket group. Each reaches
        the client once: a subscribed ticket's events come through its own group only."""
        event = message.get("event")
        ticket_id = event_ticket_id(event)
        if ticket_id is None or self.user is None or not isinstance(event, dict):
            return  # events that name no ticket have no rule here yet: never forward them
        group = message.get("group")  # which group delivered this copy (core.events says)
        if group == INBOX_GROUP and ticket_id in self.subscriptions:
            return  # the ticket's own group delivers this event too
        if group not in (None, INBOX_GROUP) and ticket_id not in self.subscriptions:
            return  # a ticket group we have just left
        if not await self.still_signed_in():
            return
        if not await access.can_follow_ticket(self.user, ticket_id):
            if ticket_id in self.subscriptions:  # the ticket moved out of the agent's reach
                await self._unsubscribe(ticket_id)
            return
        await self.send_json(event)
