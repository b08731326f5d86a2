"""Who hears what, decided without the database, and kept current when access changes: the
must-haves of live events that scale."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.realtime.conftest import (
    TIMEOUT,
    assert_closed,
    console_cookie,
    db,
    open_socket,
    portal_cookie,
    receive,
    run_async,
    socket,
)
from walletdesk.core.events import (
    INBOX_GROUP,
    MessageCreated,
    TicketAudience,
    TicketUpdated,
    customer_group,
    send_event,
    send_sessions_revoked_on_commit,
)
from walletdesk.identity.models import Role, Team
from walletdesk.identity.services import team_ensure
from walletdesk.realtime.base import SessionSocket
from walletdesk.realtime.protocol import (
    CLOSE_ACCESS_CHANGED,
    CLOSE_TOO_MANY_SOCKETS,
    CLOSE_UNAUTHENTICATED,
)
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.services import Author, TicketChanges, message_add, ticket_update

pytestmark = pytest.mark.django_db(transaction=True)

CONSOLE = "/ws/console/"
PORTAL = "/ws/portal/"


@pytest.fixture(autouse=True)
def _no_timer(monkeypatch):
    """Nothing here may be the session timer's doing: it would only come in an hour."""
    monkeypatch.setattr(SessionSocket, "revalidate_seconds", 3600.0)


@run_async
async def test_delivering_events_costs_no_database_query(
    agent, security_specialist, supervisor, all_queries
):
    frontline = (await db(team_ensure)("frontline")).pk
    security = (await db(team_ensure)("security")).pk
    sockets = {
        name: await open_socket(CONSOLE, cookie=await db(console_cookie)(user))
        for name, user in [
            ("agent", agent),
            ("security", security_specialist),
            ("lead", supervisor),
        ]
    }
    hidden = MessageCreated(ticket=1, message=1, audience=TicketAudience(security, None))
    unrouted = TicketUpdated(ticket=2, audience=TicketAudience(None, None))
    assigned = TicketUpdated(ticket=3, audience=TicketAudience(security, agent.pk))
    routed = MessageCreated(ticket=4, message=2, audience=TicketAudience(frontline, None))
    try:
        all_queries.n = 0
        for event in (hidden, unrouted, assigned, routed):
            await db(send_event)([INBOX_GROUP], event)
        for event in (unrouted, assigned, routed):  # in order: the hidden one never came
            assert await receive(sockets["agent"]) == event.wire()
        assert await receive(sockets["security"]) == hidden.wire()
        assert await receive(sockets["security"]) == assigned.wire()
        for event in (hidden, unrouted, assigned, routed):
            assert await receive(sockets["lead"]) == event.wire()
        for communicator in sockets.values():
            assert await communicator.receive_nothing(timeout=0.2)
        assert all_queries.n == 0  # 12 events decided, 9 delivered, no query

        # The count does see the consumers' database thread: a subscription is checked there.
        await sockets["agent"].send_json_to({"subscribe": 999})
        assert await receive(sockets["agent"]) == {"error": "not_found", "ticket": 999}
        assert all_queries.n > 0
    finally:
        for communicator in sockets.values():
            await communicator.disconnect()


@run_async
async def test_an_agent_stops_hearing_about_a_ticket_moved_to_another_team(
    agent, security_specialist, supervisor, make_ticket
):
    ticket = await db(make_ticket)()  # frontline's
    await db(team_ensure)("security")
    frontline_socket = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    security_socket = await open_socket(
        CONSOLE, cookie=await db(console_cookie)(security_specialist)
    )
    try:
        await db(ticket_update)(
            ticket=ticket, by=supervisor, changes=TicketChanges(team="security")
        )
        assert await receive(security_socket) == {"kind": "ticket.updated", "ticket": ticket.pk}
        message = await db(message_add)(
            ticket=ticket, body="Escalated.", author=Author(user=supervisor)
        )
        assert (await receive(security_socket))["message"] == message.pk
        assert await frontline_socket.receive_nothing(timeout=0.3)
    finally:
        await frontline_socket.disconnect()
        await security_socket.disconnect()


@run_async
async def test_a_deactivated_agents_sockets_close_at_once(agent):
    cookie = await db(console_cookie)(agent)
    first, second = (
        await open_socket(CONSOLE, cookie=cookie),
        await open_socket(CONSOLE, cookie=cookie),
    )
    try:
        agent.is_active = False
        await db(agent.save)()
        await assert_closed(first, CLOSE_UNAUTHENTICATED)
        await assert_closed(second, CLOSE_UNAUTHENTICATED)
    finally:
        await first.disconnect()
        await second.disconnect()


@run_async
async def test_deactivating_an_agent_in_the_admin_closes_their_socket(make_user, agent):
    admin = await db(make_user)(Role.ADMIN, ())
    client = await db(_client_for)(admin)
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        response = await db(client.post)(
            f"/admin/identity/user/{agent.pk}/change/", await db(_admin_form)(agent)
        )
        assert response.status_code == 302, response.content[:2000]
        await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    finally:
        await communicator.disconnect()


@run_async
async def test_a_role_downgrade_closes_the_socket_and_the_new_one_sees_less(make_user, make_ticket):
    lead = await db(make_user)(Role.SUPERVISOR, ("frontline",))
    cookie = await db(console_cookie)(lead)
    communicator = await open_socket(CONSOLE, cookie=cookie)
    try:
        lead.role = Role.AGENT
        await db(lead.save)(update_fields=["role"])
        await assert_closed(communicator, CLOSE_ACCESS_CHANGED)  # the browser reconnects
    finally:
        await communicator.disconnect()
    communicator = await open_socket(CONSOLE, cookie=cookie)
    try:
        await db(make_ticket)(problem_type=ProblemType.PHISHING_REPORT)  # security's: hidden
        topup = await db(make_ticket)()
        assert await receive(communicator) == {"kind": "ticket.created", "ticket": topup.pk}
    finally:
        await communicator.disconnect()


@run_async
async def test_leaving_a_team_closes_the_socket_and_joining_one_widens_it(agent, make_ticket):
    security = await db(team_ensure)("security")
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await db(security.members.add)(agent)  # from the team's side of the relation
        assert await receive(communicator) == {"kind": "access.changed"}
        stolen = await db(make_ticket)(problem_type=ProblemType.ACCOUNT_STOLEN)
        assert await receive(communicator) == {"kind": "ticket.created", "ticket": stolen.pk}
        await db(agent.teams.remove)(security)
        await assert_closed(communicator, CLOSE_ACCESS_CHANGED)
    finally:
        await communicator.disconnect()


@run_async
async def test_deleting_a_team_closes_its_members_sockets(make_user):
    member = await db(make_user)(Role.SPECIALIST, ("frontline", "technical"))
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(member))
    try:
        await db(Team.objects.filter(code="technical").delete)()
        await assert_closed(communicator, CLOSE_ACCESS_CHANGED)
    finally:
        await communicator.disconnect()


@run_async
async def test_session_revoked_closes_every_console_and_portal_socket_at_once(
    agent, supervisor, customer
):
    console_cookie_ = await db(console_cookie)(agent)
    agent_sockets = [await open_socket(CONSOLE, cookie=console_cookie_) for _ in range(2)]
    portal = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    bystander = await open_socket(CONSOLE, cookie=await db(console_cookie)(supervisor))
    try:
        await db(_revoke)(user_id=agent.pk, customer_id=customer.pk)
        for communicator in [*agent_sockets, portal]:
            await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
        assert await bystander.receive_nothing(timeout=0.2)  # still open, nothing said
        await db(send_event)([INBOX_GROUP], TicketUpdated(ticket=1, audience=await db(_anyone)()))
        assert await receive(bystander) == {"kind": "ticket.updated", "ticket": 1}
    finally:
        for communicator in [*agent_sockets, portal, bystander]:
            await communicator.disconnect()


@run_async
async def test_a_deactivated_customers_portal_socket_closes_at_once(customer):
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        customer.is_active = False
        await db(customer.save)()
        await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    finally:
        await communicator.disconnect()


@run_async
async def test_sockets_per_person_are_capped_politely(agent, supervisor, customer, monkeypatch):
    monkeypatch.setattr(SessionSocket, "max_sockets_per_person", 2)
    cookie = await db(console_cookie)(agent)
    kept = [await open_socket(CONSOLE, cookie=cookie) for _ in range(2)]
    portal_cookie_ = await db(portal_cookie)(customer)
    portals = [await open_socket(PORTAL, cookie=portal_cookie_) for _ in range(2)]
    other = await open_socket(CONSOLE, cookie=await db(console_cookie)(supervisor))
    try:
        for path, cookie_ in [(CONSOLE, cookie), (PORTAL, portal_cookie_)]:
            third = socket(path, cookie=cookie_)
            connected, _ = await third.connect(timeout=TIMEOUT)
            assert connected  # accepted, so that the browser can read why it is closed
            assert await receive(third) == {"error": "too_many_sockets"}
            await assert_closed(third, CLOSE_TOO_MANY_SOCKETS)
            await third.disconnect()
        # A closed tab frees its place.
        await kept.pop().disconnect()
        kept.append(await open_socket(CONSOLE, cookie=cookie))
        await db(send_event)([INBOX_GROUP], TicketUpdated(ticket=5, audience=await db(_anyone)()))
        for communicator in [*kept, other]:
            assert await receive(communicator) == {"kind": "ticket.updated", "ticket": 5}
    finally:
        for communicator in [*kept, *portals, other]:
            await communicator.disconnect()


def _anyone() -> TicketAudience:
    return TicketAudience(team_id=team_ensure("frontline").pk, assignee_id=None)


def _revoke(**ids) -> None:
    with transaction.atomic():  # as the revoking service does: sent once it commits
        send_sessions_revoked_on_commit(**ids)


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _admin_form(user) -> dict[str, object]:
    """The admin's change form for `user`, as submitted with "Active" unticked."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_staff": "",
        "is_superuser": "",
        "groups": [],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "role": user.role,
        "teams": list(user.teams.values_list("pk", flat=True)),
        "language": user.language,
    }


@run_async
async def test_emptying_a_team_closes_its_members_sockets(make_user):
    member = await db(make_user)(Role.SPECIALIST, ("payments",))
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(member))
    try:
        payments = await db(team_ensure)("payments")
        await db(payments.members.clear)()
        await assert_closed(communicator, CLOSE_ACCESS_CHANGED)
    finally:
        await communicator.disconnect()


@run_async
async def test_a_password_change_closes_the_customers_older_portal_sockets(customer):
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        customer.set_password("another-long-passphrase-7")
        await db(customer.save)()
        await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    finally:
        await communicator.disconnect()


@run_async
async def test_a_ticket_event_without_an_audience_reaches_no_console(supervisor, customer):
    console = await open_socket(CONSOLE, cookie=await db(console_cookie)(supervisor))
    portal = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        bare = TicketUpdated(ticket=8)  # e.g. from a task that did not say who may hear it
        await db(send_event)([INBOX_GROUP, customer_group(customer.pk)], bare)
        assert await receive(portal) == {"kind": "ticket.updated", "ticket": 8}
        assert await console.receive_nothing(timeout=0.3)  # not even a supervisor's
    finally:
        await console.disconnect()
        await portal.disconnect()
