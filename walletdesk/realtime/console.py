"""The agent console's socket, `/ws/console/`: the inbox and the tickets an agent has open.

Who hears an event is decided without the database: each ticket event carries its audience,
taken when the change was committed (walletdesk.tickets.events), and the socket holds its
agent's access (`Viewer`), read when it opened and again on the agent's `access.changed` event.
A ticket that moved out of the agent's reach drops out of their subscriptions with its event.
When the agent's access shrinks the socket is closed (4000) and the browser opens a new one.
"""

from __future__ import annotations

from typing import Any

from walletdesk.core.events import (
    INBOX_GROUP,
    AccessChanged,
    TicketEvent,
    ticket_group,
    user_group,
)
from walletdesk.identity.models import User
from walletdesk.realtime import access
from walletdesk.realtime.base import SessionSocket
from walletdesk.realtime.protocol import (
    CLOSE_ACCESS_CHANGED,
    CLOSE_UNAUTHENTICATED,
    ERROR_MALFORMED,
    ERROR_NOT_FOUND,
    ERROR_TOO_MANY,
    MalformedFrameError,
    Subscribe,
    parse_console_command,
)
from walletdesk.tickets.permissions import Viewer, may_see

MAX_SUBSCRIPTIONS = 50


class ConsoleConsumer(SessionSocket):
    """Signed-in, active console users only (Django auth, cookie `wd_console`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.viewer: Viewer | None = None
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
        if not self.claim(user_group(user.pk)):
            await self.refuse_busy()
            return
        self.user = user
        self.viewer = await access.viewer_for(user)
        await self.join(INBOX_GROUP)
        await self.join(user_group(user.pk))
        await self.start(session.session_key)

    async def recheck(self) -> None:
        user = await access.console_user(self.session_key)
        if user is None or self.user is None or user.pk != self.user.pk:
            await self.end(CLOSE_UNAUTHENTICATED)
            return
        viewer = await access.viewer_for(user)
        before, self.user, self.viewer = self.viewer, user, viewer
        if before is None or viewer == before:
            return
        if viewer.narrower_than(before):
            await self.end(CLOSE_ACCESS_CHANGED)  # its subscriptions go with it
            return
        await self.send_json(AccessChanged().wire())  # more to see: the page refreshes

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            command = parse_console_command(text_data)
        except MalformedFrameError:
            await self.send_json({"error": ERROR_MALFORMED})
            return
        if self.user is None:
            return
        if isinstance(command, Subscribe):
            await self._subscribe(self.user, command.ticket_id)
        else:
            await self._unsubscribe(command.ticket_id)

    async def _subscribe(self, user: User, ticket_id: int) -> None:
        if ticket_id not in self.subscriptions and len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            await self.send_json({"error": ERROR_TOO_MANY})
            return
        # One permission-checked read, as the ticket page itself did a moment ago.
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

    async def allowed(self, event: TicketEvent) -> bool:
        """May this agent hear of the event? Decided in memory, without a query."""
        return (
            self.viewer is not None
            and event.audience is not None
            and may_see(self.viewer, event.audience)
        )

    async def deliver(self, event: TicketEvent, group: str) -> None:
        """An event arrives through the inbox group and, for a followed ticket, through the
        ticket's group as well; each reaches the client once, through the ticket's group."""
        ticket_id = event.ticket
        if group == INBOX_GROUP:
            if ticket_id in self.subscriptions:
                return
        elif group != ticket_group(ticket_id) or ticket_id not in self.subscriptions:
            return  # a ticket group we have just left
        if not await self.allowed(event):
            if ticket_id in self.subscriptions:  # the ticket moved out of the agent's reach
                await self._unsubscribe(ticket_id)
            return
        await self.send_json(event.wire())
