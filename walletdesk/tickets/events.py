"""The realtime events tickets publish, sent after the transaction commits.

Services call only `publish_ticket_event`. Who may receive an event is decided here, once, as
the change is committed: the event carries the ticket's audience (team, assignee), and every
console socket checks it against its viewer's cached access with `permissions.may_see`.
"""

from __future__ import annotations

from walletdesk.core.events import (
    INBOX_GROUP,
    TICKET_EVENT_KINDS,
    MessageCreated,
    TicketEvent,
    customer_group,
    send_event_on_commit,
    ticket_group,
)
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import ticket_audience


def _groups(ticket: Ticket, *, customer: bool) -> list[str]:
    groups = [INBOX_GROUP, ticket_group(ticket.pk)]
    # A ticket opened by someone who only claimed the customer's address is not the customer's
    # to hear of: it could be a forger's message dressed up as one of their own requests.
    if customer and ticket.requester_id is not None and ticket.requester_verified:
        groups.append(customer_group(ticket.requester_id))
    return groups


def ticket_event(ticket: Ticket, kind: str, *, message_id: int | None = None) -> TicketEvent:
    """The typed event `kind` about `ticket` as it stands now, with its audience."""
    audience = ticket_audience(ticket)
    event_class = TICKET_EVENT_KINDS.get(kind)
    if event_class is not None and issubclass(event_class, MessageCreated):
        if message_id is None:
            raise ValueError(f"{kind} needs the message id")
        return event_class(ticket=ticket.pk, message=message_id, audience=audience)
    if event_class is None or message_id is not None:
        raise ValueError(f"not a ticket event: {kind}")
    return event_class(ticket=ticket.pk, audience=audience)


def publish_ticket_event(
    ticket: Ticket, kind: str, *, customer: bool, message_id: int | None = None
) -> None:
    """Announce `kind` ("ticket.created", "ticket.updated", "message.created",
    "message.updated") about `ticket`
    once the transaction commits. `customer` says whether the requester may hear of it (never
    for internal notes or internal-only changes)."""
    send_event_on_commit(
        _groups(ticket, customer=customer), ticket_event(ticket, kind, message_id=message_id)
    )
