"""One-time contact codes: proof, for a customer, that the person contacting them is WalletDesk.

    code = contact_code_create(user=agent, ticket=ticket)   # the agent reads code.code aloud
    contact_codes_active(customer)                            # the portal's banner shows them

A code is six characters from an alphabet without look-alike letters (no 0/O, 1/I/L), lives
30 minutes, and is never stored: it is an HMAC (keyed with the secret key) of a random salt in
the row, so only someone with both the database and the key can work it out. The console shows
it only to the agent who created it, the portal only to the customer. An agent may contact only
a customer proven to be the requester of a ticket they can see. Every code is audited (its id,
never the code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from walletdesk.audit.services import actor_user, audit_record
from walletdesk.core import clock
from walletdesk.core.errors import NotFound
from walletdesk.core.ratelimit import CONTACT_CODES_PER_AGENT
from walletdesk.identity.models import Customer, User
from walletdesk.security.models import ContactCode
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import can_view_ticket

ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
LENGTH = 6
TTL = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class ShownCode:
    """A live code as the agent or the customer sees it."""

    id: int
    code: str
    agent_name: str
    expires_at: dt.datetime
    ticket_id: int | None


def _code(salt: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"contact-code:{salt}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _i in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def _shown(row: ContactCode) -> ShownCode:
    agent = row.agent
    return ShownCode(
        id=row.pk,
        code=_code(row.salt),
        agent_name=agent.first_name or agent.username,
        expires_at=row.expires_at,
        ticket_id=row.ticket_id,
    )


def contact_code_create(*, user: User, ticket: Ticket) -> ShownCode:
    """A new code for the ticket's (proven) requester; the agent's earlier live codes for that
    customer end, so only one code is ever the right one."""
    if not can_view_ticket(user, ticket):
        raise NotFound()
    customer = ticket.requester if ticket.requester_verified else None
    if customer is None:
        raise NotFound(_("This request has no verified customer to contact."))
    CONTACT_CODES_PER_AGENT.hit(str(user.pk))
    now = clock.now()
    with transaction.atomic():
        ContactCode.objects.filter(
            customer=customer, agent=user, ended_at__isnull=True, expires_at__gt=now
        ).update(ended_at=now)
        row = ContactCode.objects.create(
            customer=customer,
            agent=user,
            ticket_id=ticket.pk,
            salt=secrets.token_hex(16),
            created_at=now,
            expires_at=now + TTL,
        )
        audit_record(
            actor=actor_user(user.pk),
            action="contact_code.created",
            target=f"customer:{customer.pk}",
            data={"contact_code": row.pk, "ticket": ticket.pk},
        )
    return _shown(row)


def contact_codes_active(customer: Customer) -> list[ShownCode]:
    """The customer's live codes (for their banner and /verify/)."""
    rows = ContactCode.objects.select_related("agent").filter(
        customer=customer, ended_at__isnull=True, expires_at__gt=clock.now()
    )
    return [_shown(row) for row in rows.order_by("-created_at", "-id")[:5]]


def contact_codes_of_agent(*, user: User, customer: Customer) -> list[ShownCode]:
    """The live codes this agent created for this customer: nobody else's."""
    rows = ContactCode.objects.select_related("agent").filter(
        customer=customer, agent=user, ended_at__isnull=True, expires_at__gt=clock.now()
    )
    return [_shown(row) for row in rows.order_by("-created_at", "-id")[:1]]


def contact_code_matches(customer: Customer, typed: str) -> ShownCode | None:
    """The customer's live code equal to `typed` (case and spaces ignored), if any."""
    wanted = "".join(typed.split()).upper()
    if len(wanted) != LENGTH:
        return None
    for shown in contact_codes_active(customer):
        if hmac.compare_digest(shown.code, wanted):
            return shown
    return None
