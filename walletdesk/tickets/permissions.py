"""Who may see which ticket. Every read in web, API and websocket goes through here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from walletdesk.identity.models import Customer, TeamCode, User
from walletdesk.tickets.models import Ticket


def visible_tickets_q(user: User) -> Q:
    """Supervisors and admins see all; others their teams' tickets and those assigned to them.
    Frontline members also see tickets not yet routed to any team."""
    if user.sees_everything:
        return Q()
    team_ids = list(user.teams.values_list("id", flat=True))
    q = Q(assignee=user) | Q(team_id__in=team_ids)
    if user.teams.filter(code=TeamCode.FRONTLINE).exists():
        q |= Q(team__isnull=True)
    return q


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    if not user.is_active:
        return Ticket.objects.none()
    return Ticket.objects.filter(visible_tickets_q(user))


def can_view_ticket(user: User, ticket: Ticket) -> bool:
    return tickets_visible_to(user).filter(pk=ticket.pk).exists()


def can_view_customer(user: User, customer: Customer) -> bool:
    """An agent sees a customer's wallet only while handling one of that customer's tickets
    whose requester is proven to be that customer: a ticket from someone who only claims the
    customer's email address or phone number opens nothing."""
    if not user.is_active:
        return False
    if user.sees_everything:
        return True
    return tickets_visible_to(user).filter(requester=customer, requester_verified=True).exists()
