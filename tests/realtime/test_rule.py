"""The live-event rule (`may_see`, on an event's audience) and the database rule
(`tickets_visible_to`, on the ticket's row) are one rule: they agree on every case below."""

from __future__ import annotations

import itertools

import pytest

from walletdesk.identity.models import Role, User
from walletdesk.identity.services import team_ensure
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import (
    Viewer,
    may_see,
    ticket_audience,
    tickets_visible_to,
    viewer_of,
)

pytestmark = pytest.mark.django_db

VIEWERS = [
    (Role.AGENT, ("frontline",)),
    (Role.AGENT, ("payments",)),
    (Role.SPECIALIST, ("security", "technical")),
    (Role.SPECIALIST, ()),
    (Role.SUPERVISOR, ("management",)),
    (Role.ADMIN, ()),
]
# (team of the ticket or None for unrouted, assigned to the viewer?, assigned to someone else?)
TICKETS = list(
    itertools.product([None, "frontline", "payments", "security"], [False, True], [False, True])
)


@pytest.mark.parametrize("active", [True, False])
@pytest.mark.parametrize(("role", "teams"), VIEWERS)
def test_the_event_rule_and_the_query_agree(make_user, make_ticket, role, teams, active):
    for code in ("frontline", "payments", "security", "technical", "management"):
        team_ensure(code)
    viewer_user = make_user(role, teams)
    someone = make_user(Role.AGENT, ("technical",))
    tickets = []
    for team, mine, theirs in TICKETS:
        if mine and theirs:
            continue
        ticket = make_ticket()
        Ticket.objects.filter(pk=ticket.pk).update(
            team=None if team is None else team_ensure(team),
            assignee=viewer_user if mine else someone if theirs else None,
        )
        tickets.append(Ticket.objects.get(pk=ticket.pk))
    viewer_user.is_active = active
    viewer_user.save()
    viewer_user = User.objects.get(pk=viewer_user.pk)

    viewer = viewer_of(viewer_user)
    by_query = set(tickets_visible_to(viewer_user).values_list("pk", flat=True))
    by_event = {t.pk for t in tickets if may_see(viewer, ticket_audience(t))}
    assert by_event == by_query
    if active and role == Role.AGENT and teams == ("frontline",):
        assert len(by_query) == 8  # the table is not trivial: some visible, some not
        assert len(tickets) - len(by_query) == 4


def test_reading_a_viewer_costs_one_query_at_most(make_user, django_assert_num_queries):
    agent = make_user(Role.AGENT, ("frontline", "payments"))
    with django_assert_num_queries(1):
        viewer = viewer_of(agent)
    assert viewer.frontline
    assert len(viewer.team_ids) == 2
    supervisor = make_user(Role.SUPERVISOR, ("management",))
    with django_assert_num_queries(0):
        assert viewer_of(supervisor).sees_everything


def _viewer(**kw) -> Viewer:
    base = {"user_id": 1, "active": True, "sees_everything": False}
    base |= {"team_ids": frozenset({1, 2}), "frontline": True}
    return Viewer(**(base | kw))


@pytest.mark.parametrize(
    ("after", "narrower"),
    [
        (_viewer(), False),
        (_viewer(team_ids=frozenset({1, 2, 3})), False),
        (_viewer(sees_everything=True), False),
        (_viewer(team_ids=frozenset({1})), True),
        (_viewer(frontline=False), True),
        (_viewer(active=False), True),
    ],
)
def test_a_viewer_narrows_when_it_may_miss_what_it_saw(after, narrower):
    assert after.narrower_than(_viewer()) is narrower
    assert _viewer().narrower_than(_viewer(sees_everything=True))
