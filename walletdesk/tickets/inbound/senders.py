"""From a sender as a channel knows them to a requester: a customer (verified or not) or a bare
contact, and the key that scopes their message ids and their ticket allowance."""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.identifiers import normalise_email, normalise_phone
from walletdesk.identity.models import Customer, User
from walletdesk.identity.services import customer_lookup
from walletdesk.tickets.inbound.contracts import InboundMessage, Sender, SenderKind
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import can_view_ticket

MAX_ADDRESS_CHARS = 254


@dataclass(frozen=True)
class Requester:
    """Who a message is from once matched. `customer` is set for a known customer, `verified`
    says whether the channel proved it; `contact` is how the channel reaches them; `key` names
    the sender for idempotency and flood limits (never shown)."""

    key: str
    customer: Customer | None = None
    verified: bool = False
    contact: str = ""
    agent: User | None = None

    @property
    def limit_subject(self) -> str:
        """One allowance per proven customer; an unproven claim has its own, so a stranger
        who forges a customer's address cannot use up the customer's own allowance."""
        if self.customer is not None and self.verified:
            return f"customer:{self.customer.pk}"
        return self.key


def _invalid(field: str) -> ValidationFailed:
    return ValidationFailed(fields={field: [str(_("Say who sent this message."))]})


def _address(sender: Sender) -> str:
    text = sender.address.replace("\x00", "").strip()
    if not text or len(text) > MAX_ADDRESS_CHARS:
        raise _invalid("sender")
    return text


def resolve(sender: Sender) -> Requester:
    if sender.kind == SenderKind.AGENT:
        if sender.user is None:
            raise _invalid("sender")
        return Requester(key=f"user:{sender.user.pk}", verified=True, agent=sender.user)
    if sender.kind == SenderKind.CUSTOMER:
        if sender.customer is None:
            raise _invalid("sender")
        customer = sender.customer
        # A claim to be a customer (a chat cookie, say) is keyed apart from the proven customer.
        key = f"customer:{customer.pk}" if sender.verified else f"claimed-customer:{customer.pk}"
        return Requester(key=key, customer=customer, verified=sender.verified)
    address = _address(sender)
    # Keep what the channel said when it is not a well-formed address: it matches no customer.
    if sender.kind == SenderKind.EMAIL:
        with suppress(ValidationFailed):
            address = normalise_email(address).lower()
    elif sender.kind == SenderKind.PHONE:
        with suppress(ValidationFailed):
            address = normalise_phone(address)
    matched: Customer | None = None
    if sender.kind in {SenderKind.EMAIL, SenderKind.PHONE}:
        matched = customer_lookup(address)
    return Requester(
        key=f"{sender.kind}:{address}",
        customer=matched,
        verified=sender.verified,
        contact=address,
    )


def idempotency_scope(requester: Requester, message: InboundMessage) -> str:
    """A digest of who sent the message, through whom and to which ticket. A message id is
    unique only within it, so sending a known id from anywhere else finds nothing."""
    parts = [requester.key]
    if message.recorded_by is not None:
        parts.append(f"recorded_by:{message.recorded_by.pk}")
    if message.ticket_id is not None:
        parts.append(f"ticket:{message.ticket_id}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def belongs_to(ticket: Ticket, requester: Requester, message: InboundMessage) -> bool:
    """May this message join this ticket? Only when it comes from the ticket's own requester:
    a known thread id or reference from anyone else must not put words on someone else's
    ticket. An unproven sender never joins a proven customer's ticket, and an agent recording
    a message only joins tickets they may see."""
    if message.recorded_by is not None and not can_view_ticket(message.recorded_by, ticket):
        return False
    if requester.customer is not None:
        if ticket.requester_id != requester.customer.pk:
            return False
        return requester.verified or not ticket.requester_verified
    return ticket.requester_id is None and ticket.contact.casefold() == requester.contact.casefold()
