"""The realtime events tickets publish, sent after the transaction commits.

Services call only `publish_ticket_event`; who may receive an event, and through which groups,
is decided here and in `walletdesk.core.events`, never at the call site.
"""

from __future__ import annotations

from walletdesk.core.events import send_event_on_commit
from walletdesk.tickets.models import Ticket


def _groups(ticket: Ticket, *, customer: bool) -> list[str]:
    groups = ["inbox", f"ticket.{ticket.pk}"]
    if customer and ticket.requester_id is not None:
        groups.append(f"customer.{ticket.requester_id}")
    return groups


def publish_ticket_event(
    ticket: Ticket, kind: str, *, customer: bool, message_id: int | None = None
) -> None:
    """Announce `kind` ("ticket.created", "ticket.updated", "message.created") about `ticket`
    once the transaction commits. `customer` says whether the requester may hear of it (never
    for internal notes or internal-only changes)."""
    event: dict[str, object] = {"kind": kind, "ticket": ticket.pk}
    if message_id is not None:
        event["message"] = message_id
    send_event_on_commit(_groups(ticket, customer=customer), event)
