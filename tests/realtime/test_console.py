"""/ws/console/: who may connect, and which events reach which agent."""

from __future__ import annotations

import pytest
from channels.layers import get_channel_layer

from tests.conftest import PASSWORD
from tests.realtime.conftest import (
    TIMEOUT,
    assert_refused,
    console_cookie,
    db,
    open_socket,
    portal_cookie,
    receive,
    run_async,
    socket,
)
from walletdesk.core.events import MESSAGE_TYPE, Event, TicketAudience, TicketUpdated
from walletdesk.identity.models import Role
from walletdesk.identity.services import team_ensure
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.permissions import ticket_audience
from walletdesk.tickets.services import Author, TicketChanges, message_add, ticket_update

pytestmark = pytest.mark.django_db(transaction=True)

CONSOLE = "/ws/console/"


@run_async
async def test_without_a_session_the_socket_is_closed_with_4401():
    await assert_refused(socket(CONSOLE))


@run_async
async def test_a_customer_portal_session_is_not_a_console_session(customer):
    cookie = await db(portal_cookie)(customer)
    await assert_refused(socket(CONSOLE, cookie=cookie))


@run_async
async def test_a_deactivated_agent_is_refused(agent):
    cookie = await db(console_cookie)(agent)
    agent.is_active = False
    await db(agent.save)()
    await assert_refused(socket(CONSOLE, cookie=cookie))


@run_async
async def test_a_foreign_origin_is_rejected_before_the_handshake(agent):
    cookie = await db(console_cookie)(agent)
    evil = socket(CONSOLE, cookie=cookie, origin=(b"origin", b"https://evil.example"))
    connected, _ = await evil.connect()
    assert not connected
    missing = socket(CONSOLE, cookie=cookie, origin=None)
    connected, _ = await missing.connect()
    assert not connected


@run_async
async def test_agent_hears_about_new_tickets_of_their_team_only(
    agent, security_specialist, make_ticket
):
    frontline_socket = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    security_socket = await open_socket(
        CONSOLE, cookie=await db(console_cookie)(security_specialist)
    )
    try:
        stolen = await db(make_ticket)(problem_type=ProblemType.ACCOUNT_STOLEN, subject="钱包被盗")
        topup = await db(make_ticket)(problem_type=ProblemType.TOPUP_NOT_CREDITED)
        # Events arrive in order: the first one the agent hears about is the top-up ticket,
        # so the stolen-wallet ticket (security team) was held back.
        assert await receive(frontline_socket) == {"kind": "ticket.created", "ticket": topup.pk}
        assert await receive(security_socket) == {"kind": "ticket.created", "ticket": stolen.pk}
        assert await frontline_socket.receive_nothing(timeout=0.2)
        assert await security_socket.receive_nothing(timeout=0.2)
    finally:
        await frontline_socket.disconnect()
        await security_socket.disconnect()


@run_async
async def test_agent_hears_about_a_ticket_assigned_to_them_outside_their_teams(
    make_user, supervisor, make_ticket
):
    payments = await db(make_user)(Role.SPECIALIST, ("payments",))
    ticket = await db(make_ticket)()  # frontline's
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(payments))
    try:
        await db(ticket_update)(
            ticket=ticket, by=supervisor, changes=TicketChanges(assignee_id=payments.pk)
        )
        assert await receive(communicator) == {"kind": "ticket.updated", "ticket": ticket.pk}
    finally:
        await communicator.disconnect()


@run_async
async def test_supervisor_hears_about_every_team(supervisor, make_ticket):
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(supervisor))
    try:
        stolen = await db(make_ticket)(problem_type=ProblemType.ACCOUNT_STOLEN)
        topup = await db(make_ticket)()
        assert await receive(communicator) == {"kind": "ticket.created", "ticket": stolen.pk}
        assert await receive(communicator) == {"kind": "ticket.created", "ticket": topup.pk}
    finally:
        await communicator.disconnect()


@run_async
async def test_subscribing_to_a_forbidden_or_unknown_ticket_is_not_found(agent, make_ticket):
    stolen = await db(make_ticket)(problem_type=ProblemType.ACCOUNT_STOLEN)
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await communicator.send_json_to({"subscribe": stolen.pk})
        assert await receive(communicator) == {"error": "not_found", "ticket": stolen.pk}
        await communicator.send_json_to({"subscribe": stolen.pk + 1000})
        assert await receive(communicator) == {"error": "not_found", "ticket": stolen.pk + 1000}
        # Not joined: an event published to the ticket's own group does not come through, even
        # one whose audience would let the agent hear it.
        audience = TicketAudience(team_id=None, assignee_id=agent.pk)
        await _publish_to_ticket_group(
            stolen.pk, TicketUpdated(ticket=stolen.pk, audience=audience)
        )
        assert await communicator.receive_nothing(timeout=0.2)
    finally:
        await communicator.disconnect()


@run_async
async def test_a_reply_on_a_subscribed_ticket_arrives_once(agent, make_ticket):
    ticket = await db(make_ticket)()
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await communicator.send_json_to({"subscribe": ticket.pk})
        assert await receive(communicator) == {"subscribed": ticket.pk}
        message = await db(message_add)(
            ticket=ticket, body="我们正在核查。", author=Author(user=agent)
        )
        assert await receive(communicator) == {
            "kind": "message.created",
            "ticket": ticket.pk,
            "message": message.pk,
        }
        # The first agent reply also opened the ticket (new → open).
        assert await receive(communicator) == {"kind": "ticket.updated", "ticket": ticket.pk}
        # Then the reply was delivered to the customer: its delivery state changed.
        assert await receive(communicator) == {
            "kind": "message.updated",
            "ticket": ticket.pk,
            "message": message.pk,
        }
        # Each was published to both "inbox" and "ticket.<id>"; the agent gets each once.
        assert await communicator.receive_nothing(timeout=0.3)
    finally:
        await communicator.disconnect()


@run_async
async def test_subscribe_joins_the_ticket_group_and_unsubscribe_leaves_it(agent, make_ticket):
    ticket = await db(make_ticket)()
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await communicator.send_json_to({"subscribe": ticket.pk})
        assert await receive(communicator) == {"subscribed": ticket.pk}
        probe = TicketUpdated(ticket=ticket.pk, audience=ticket_audience(ticket))
        await _publish_to_ticket_group(ticket.pk, probe)
        assert await receive(communicator) == {"kind": "ticket.updated", "ticket": ticket.pk}

        await communicator.send_json_to({"unsubscribe": ticket.pk})
        assert await receive(communicator) == {"unsubscribed": ticket.pk}
        await _publish_to_ticket_group(ticket.pk, probe)
        assert await communicator.receive_nothing(timeout=0.2)
        # Unsubscribed tickets are still in the inbox: their events come that way again.
        message = await db(message_add)(ticket=ticket, body="Checking.", author=Author(user=agent))
        assert (await receive(communicator))["message"] == message.pk
    finally:
        await communicator.disconnect()


@run_async
async def test_a_ticket_moved_to_another_team_goes_quiet(agent, supervisor, make_ticket):
    ticket = await db(make_ticket)()
    await db(team_ensure)("security")  # transactional tests start without the seeded teams
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await communicator.send_json_to({"subscribe": ticket.pk})
        assert await receive(communicator) == {"subscribed": ticket.pk}
        await db(ticket_update)(
            ticket=ticket, by=supervisor, changes=TicketChanges(team="security")
        )
        # The move's own event is already out of reach; the socket drops the subscription.
        assert await receive(communicator) == {"unsubscribed": ticket.pk}
        await db(message_add)(ticket=ticket, body="Escalated.", author=Author(user=supervisor))
        assert await communicator.receive_nothing(timeout=0.3)
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1, 2]",
        '{"subscribe": "12"}',
        '{"subscribe": true}',
        '{"subscribe": -1}',
        '{"subscribe": 1, "unsubscribe": 2}',
        '{"shout": 1}',
        '{"subscribe": ' + "1" * 2000 + "}",
    ],
)
@run_async
async def test_malformed_frames_get_an_error_and_the_socket_stays_open(agent, make_ticket, frame):
    ticket = await db(make_ticket)()
    communicator = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    try:
        await communicator.send_to(text_data=frame)
        assert await receive(communicator) == {"error": "malformed"}
        await communicator.send_to(bytes_data=b"\x00\x01")
        assert await receive(communicator) == {"error": "malformed"}
        await communicator.send_json_to({"subscribe": ticket.pk})
        assert await receive(communicator) == {"subscribed": ticket.pk}
    finally:
        await communicator.disconnect()


@run_async
async def test_signing_out_ends_that_sessions_socket_at_once(agent, make_ticket):
    client = await db(_signed_in_client)(agent.username)
    other_tab = await open_socket(CONSOLE, cookie=await db(console_cookie)(agent))
    communicator = await open_socket(
        CONSOLE, cookie=f"wd_console={client.cookies['wd_console'].value}"
    )
    try:
        await db(make_ticket)()
        assert (await receive(communicator))["kind"] == "ticket.created"
        assert (await receive(other_tab))["kind"] == "ticket.created"
        await db(client.logout)()  # no event needed: the sign-out itself is announced
        assert await communicator.receive_output(timeout=TIMEOUT) == {
            "type": "websocket.close",
            "code": 4401,
        }
        # The agent's other session (another browser) stays signed in, and its socket open.
        ticket = await db(make_ticket)()
        assert await receive(other_tab) == {"kind": "ticket.created", "ticket": ticket.pk}
    finally:
        await communicator.disconnect()
        await other_tab.disconnect()


def _signed_in_client(username):
    from django.test import Client

    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


async def _publish_to_ticket_group(ticket_id: int, event: Event) -> None:
    group = f"ticket.{ticket_id}"
    await get_channel_layer().group_send(
        group, {"type": MESSAGE_TYPE, "group": group, "event": event.to_json()}
    )
