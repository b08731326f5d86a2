"""Who may see which ticket. Every read in web, API and websocket goes through here.

The rule is written twice, side by side, and a test holds the two to the same table of cases:
`viewer_q` for database reads, `may_see` for a live event whose `TicketAudience` was taken when
its change was committed (so a socket decides delivery without a query).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from walletdesk.core.events import TicketAudience
from walletdesk.identity.models import Customer, TeamCode, User
from walletdesk.tickets.models import Ticket


@dataclass(frozen=True)
class Viewer:
    """What decides which tickets a console user sees, read once (one query at most)."""

    user_id: int
    active: bool
    sees_everything: bool
    team_ids: frozenset[int]
    frontline: bool

    def narrower_than(self, before: Viewer) -> bool:
        """True when this viewer may miss a ticket `before` saw (a downgrade)."""
        if not self.active and before.active:
            return True
        if before.sees_everything:
            return not self.sees_everything
        if self.sees_everything:
            return False
        return not self.team_ids >= before.team_ids or (before.frontline and not self.frontline)


def viewer_of(user: User) -> Viewer:
    teams = [] if user.sees_everything else list(user.teams.values_list("id", "code"))
    return Viewer(
        user_id=user.pk,
        active=user.is_active,
        sees_everything=user.sees_everything,
        team_ids=frozenset(team_id for team_id, _code in teams),
        frontline=any(code == TeamCode.FRONTLINE for _id, code in teams),
    )


def ticket_audience(ticket: Ticket) -> TicketAudience:
    return TicketAudience(team_id=ticket.team_id, assignee_id=ticket.assignee_id)


def may_see(viewer: Viewer, audience: TicketAudience) -> bool:
    """The rule of `viewer_q`, on a ticket's audience instead of its row (no query)."""
    if not viewer.active:
        return False
    if viewer.sees_everything:
        return True
    if audience.assignee_id is not None and audience.assignee_id == viewer.user_id:
        return True
    if audience.team_id is None:
        return viewer.frontline
    return audience.team_id in viewer.team_ids


def viewer_q(viewer: Viewer) -> Q:
    """Supervisors and admins see all; others their teams' tickets and those assigned to them.
    Frontline members also see tickets not yet routed to any team."""
    if viewer.sees_everything:
        return Q()
    q = Q(assignee_id=viewer.user_id) | Q(team_id__in=sorted(viewer.team_ids))
    if viewer.frontline:
        q |= Q(team__isnull=True)
    return q


def visible_tickets_q(user: User) -> Q:
    return viewer_q(viewer_of(user))


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
