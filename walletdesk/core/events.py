"""Realtime events: every kind the product sends, the channel-layer groups they travel to, and
sending them after the transaction commits.

An event is a frozen dataclass with a `kind`; `to_json()` is what crosses the channel layer
(in process, or through Redis between processes) and `event_from_json()` reads it back.
`wire()` is what a browser receives: ids and a kind, never personal data — a client that hears
of a change re-reads what it needs through the same permission-checked views as any other read.

Ticket events carry their `TicketAudience`: the facts about the ticket that decide which console
users may hear of it, taken once, when the service commits. A socket then decides delivery in
memory against its viewer's cached access (`walletdesk.tickets.permissions.may_see`), with no
database query per event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# The message type every consumer handles (`walletdesk_event`).
MESSAGE_TYPE = "walletdesk.event"

# ---- Groups: every group name is made here. ----
INBOX_GROUP = "inbox"


def _group(space: str, key: int | str) -> str:
    # Channel-layer group names: ASCII letters, digits, "-", "_" and "." only, under 100 chars.
    return f"{space}.{key}"


def ticket_group(ticket_id: int) -> str:
    """Console sockets that follow one ticket (its page is open)."""
    return _group("ticket", ticket_id)


def customer_group(customer_id: int) -> str:
    """Every portal socket of one customer."""
    return _group("customer", customer_id)


def user_group(user_id: int) -> str:
    """Every console socket of one console user: access changes and revoked sessions."""
    return _group("user", user_id)


def chat_group(conversation: str) -> str:
    """The live-chat conversation `conversation` (the widget joins it)."""
    return _group("chat", conversation)


# The routing queues get their groups here too.


class MalformedEventError(ValueError):
    """JSON that is not an event of a known kind."""


def _int(data: Mapping[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedEventError(key)
    return value


@dataclass(frozen=True)
class TicketAudience:
    """Who may hear of a ticket's change, as the ticket stood when the change was committed.
    A ticket with no team is not routed yet."""

    team_id: int | None
    assignee_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {"team": self.team_id, "assignee": self.assignee_id}

    @classmethod
    def from_json(cls, data: Any) -> TicketAudience:
        if not isinstance(data, Mapping):
            raise MalformedEventError("audience")
        return cls(
            team_id=_int(data, "team", optional=True),
            assignee_id=_int(data, "assignee", optional=True),
        )


class Event:
    """Base of every event kind."""

    kind: ClassVar[str]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def wire(self) -> dict[str, Any]:
        """What a browser receives."""
        return {"kind": self.kind}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls()


@dataclass(frozen=True)
class SessionsRevoked(Event):
    """Every session of the user or customer has ended: their sockets close at once."""

    kind: ClassVar[str] = "session.revoked"


@dataclass(frozen=True)
class AccessChanged(Event):
    """The user's role, teams or account (or the customer's account) changed: each socket
    re-reads its session and its viewer's access before the next event."""

    kind: ClassVar[str] = "access.changed"


@dataclass(frozen=True, kw_only=True)
class TicketEvent(Event):
    """Something about one ticket changed. Without an audience no console socket forwards it
    (the portal needs none: only the customer's own group carries it there)."""

    kind: ClassVar[str] = "ticket.event"
    ticket: int
    audience: TicketAudience | None = None

    def wire(self) -> dict[str, Any]:
        return {"kind": self.kind, "ticket": self.ticket}

    def to_json(self) -> dict[str, Any]:
        data = self.wire()
        if self.audience is not None:
            data["audience"] = self.audience.to_json()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        audience = data.get("audience")
        return cls(
            ticket=_int(data, "ticket"),
            audience=None if audience is None else TicketAudience.from_json(audience),
        )


@dataclass(frozen=True, kw_only=True)
class TicketCreated(TicketEvent):
    kind: ClassVar[str] = "ticket.created"


@dataclass(frozen=True, kw_only=True)
class TicketUpdated(TicketEvent):
    """Status, priority, team, assignee or subject changed."""

    kind: ClassVar[str] = "ticket.updated"


@dataclass(frozen=True, kw_only=True)
class MessageCreated(TicketEvent):
    kind: ClassVar[str] = "message.created"
    message: int

    def wire(self) -> dict[str, Any]:
        return {"kind": self.kind, "ticket": self.ticket, "message": self.message}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        base = TicketEvent.from_json(data)
        return cls(ticket=base.ticket, audience=base.audience, message=_int(data, "message"))


@dataclass(frozen=True, kw_only=True)
class MessageUpdated(MessageCreated):
    """A message changed after it was written: its delivery state, so far (agents only)."""

    kind: ClassVar[str] = "message.updated"


@dataclass(frozen=True, kw_only=True)
class ChatReply(Event):
    """An agent's reply delivered to a live-chat conversation by the outbox."""

    kind: ClassVar[str] = "chat.reply"
    outbound: int
    message: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "outbound": self.outbound, "message": self.message}

    def wire(self) -> dict[str, Any]:
        return self.to_json()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(outbound=_int(data, "outbound"), message=_int(data, "message", optional=True))


EVENT_KINDS: dict[str, type[Event]] = {
    kind.kind: kind
    for kind in (
        SessionsRevoked,
        AccessChanged,
        TicketCreated,
        TicketUpdated,
        MessageCreated,
        MessageUpdated,
        ChatReply,
    )
}
TICKET_EVENT_KINDS: dict[str, type[TicketEvent]] = {
    kind.kind: kind for kind in (TicketCreated, TicketUpdated, MessageCreated, MessageUpdated)
}


def event_from_json(data: Any) -> Event:
    """The event `to_json()` made. Anything else raises MalformedEventError."""
    if not isinstance(data, Mapping):
        raise MalformedEventError("not an object")
    kind = EVENT_KINDS.get(data.get("kind"))  # type: ignore[arg-type]  # any value may come
    if kind is None:
        raise MalformedEventError("kind")
    return kind.from_json(data)


# ---- Sending ----


def send_event(groups: Iterable[str], event: Event) -> None:
    """Send `event` to each group now (from sync code: a committed service, a task).

    The embedded layer takes every group at once without an event loop
    (`group_send_now`); any other layer gets one trip to async code for all the groups."""
    layer = get_channel_layer()
    if layer is None:
        return
    payload = event.to_json()
    # `group` lets a socket that is in several groups tell the copies of one event apart.
    sends = [(group, {"type": MESSAGE_TYPE, "group": group, "event": payload}) for group in groups]
    send_now = getattr(layer, "group_send_now", None)
    try:
        if send_now is not None and send_now(sends):
            return
        async_to_sync(_group_send_each)(layer, sends)
    except Exception:  # a lost realtime nudge must never fail the write that caused it
        logger.exception("realtime event to %s was not delivered", ", ".join(g for g, _m in sends))


async def _group_send_each(layer: Any, sends: list[tuple[str, dict[str, Any]]]) -> None:
    for group, message in sends:
        try:
            await layer.group_send(group, message)
        except Exception:  # one group's failure must not keep the event from the others
            logger.exception("realtime event to %s was not delivered", group)


def send_event_on_commit(groups: Iterable[str], event: Event) -> None:
    groups = list(groups)
    transaction.on_commit(lambda: send_event(groups, event), robust=True)


def send_access_changed_on_commit(
    *, user_ids: Iterable[int] = (), customer_ids: Iterable[int] = ()
) -> None:
    """Tell the sockets of these console users / customers to reload their access."""
    groups = [user_group(pk) for pk in user_ids] + [customer_group(pk) for pk in customer_ids]
    if groups:
        send_event_on_commit(groups, AccessChanged())


def send_sessions_revoked_on_commit(
    *, user_id: int | None = None, customer_id: int | None = None
) -> None:
    """Tell every open socket of a console user or a customer that its sessions have ended, so
    it closes at once instead of at its next session check."""
    groups = []
    if user_id is not None:
        groups.append(user_group(user_id))
    if customer_id is not None:
        groups.append(customer_group(customer_id))
    if groups:
        send_event_on_commit(groups, SessionsRevoked())
