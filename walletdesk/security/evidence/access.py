"""Who may build a customer's evidence bundle.

The customer themselves; and, in the console, the security team, supervisors and admins, only
for a customer one of whose tickets — with a proven requester — they can see. Everyone else is
answered exactly as for an unknown customer (404), as every other read of a customer is.
"""

from __future__ import annotations

from walletdesk.identity.models import Customer, TeamCode, User
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import tickets_visible_to
from walletdesk.tickets.selectors import CustomerNotFound


def evidence_may_build(user: User) -> bool:
    """The role half of the rule: supervisors, admins and members of the security team."""
    if not user.is_active:
        return False
    return user.sees_everything or user.teams.filter(code=TeamCode.SECURITY).exists()


def evidence_tickets_for_agent(*, user: User, customer: Customer) -> list[Ticket]:
    """The customer's proven tickets the agent may see (newest first)."""
    return list(
        tickets_visible_to(user)
        .filter(requester=customer, requester_verified=True)
        .order_by("-created_at", "-id")
    )


def evidence_customer_for_agent(*, user: User, customer_id: int) -> Customer:
    """The customer, when `user` may build their bundle; else `CustomerNotFound`."""
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None or not evidence_may_build(user):
        raise CustomerNotFound()
    visible = tickets_visible_to(user).filter(requester=customer, requester_verified=True).exists()
    if not visible:
        raise CustomerNotFound()
    return customer


def evidence_allowed(*, user: User, customer: Customer) -> bool:
    """Whether to offer the download (the same rule `evidence_customer_for_agent` enforces)."""
    try:
        evidence_customer_for_agent(user=user, customer_id=customer.pk)
    except CustomerNotFound:
        return False
    return True
