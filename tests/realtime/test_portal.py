"""/ws/portal/: a customer's socket, authenticated by the portal session (cookie wd_portal)."""

from __future__ import annotations

import pytest

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
from walletdesk.realtime.base import SessionSocket
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db(transaction=True)

PORTAL = "/ws/portal/"


@run_async
async def test_without_a_portal_session_the_socket_is_closed_with_4401():
    await assert_refused(socket(PORTAL))
    await assert_refused(socket(PORTAL, cookie="wd_portal=no-such-session-key"))


@run_async
async def test_a_console_session_is_not_a_portal_session(agent):
    await assert_refused(socket(PORTAL, cookie=await db(console_cookie)(agent)))


@run_async
async def test_a_password_change_ends_older_portal_sessions(customer):
    cookie = await db(portal_cookie)(customer)
    customer.set_password("another-long-passphrase-7")
    await db(customer.save)()
    await assert_refused(socket(PORTAL, cookie=cookie))


@run_async
async def test_a_deactivated_customer_is_refused(customer):
    cookie = await db(portal_cookie)(customer)
    customer.is_active = False
    await db(customer.save)()
    await assert_refused(socket(PORTAL, cookie=cookie))


@run_async
async def test_customer_hears_about_their_own_tickets_only(customer, make_customer, make_ticket):
    stranger = await db(make_customer)()
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        await db(make_ticket)(requester=stranger)
        own = await db(make_ticket)(requester=customer)
        # In order: the stranger's ticket came first and was not delivered.
        assert await receive(communicator) == {"kind": "ticket.created", "ticket": own.pk}
        assert await communicator.receive_nothing(timeout=0.2)
    finally:
        await communicator.disconnect()


@run_async
async def test_customer_hears_about_an_agent_reply(customer, agent, make_ticket):
    ticket = await db(make_ticket)(requester=customer)
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        message = await db(message_add)(
            ticket=ticket, body="您好。我们已收到您的请求。", author=Author(user=agent)
        )
        assert await receive(communicator) == {
            "kind": "message.created",
            "ticket": ticket.pk,
            "message": message.pk,
        }
    finally:
        await communicator.disconnect()


@run_async
async def test_customer_is_not_told_about_internal_notes(customer, agent, make_ticket):
    ticket = await db(make_ticket)(requester=customer)
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        await db(message_add)(
            ticket=ticket, body="VIP, be quick.", author=Author(user=agent), kind=MessageKind.NOTE
        )
        reply = await db(message_add)(ticket=ticket, body="Done.", author=Author(user=agent))
        # In order: the note came first and was not announced.
        assert (await receive(communicator))["message"] == reply.pk
    finally:
        await communicator.disconnect()


@run_async
async def test_customer_frames_are_answered_not_obeyed(customer):
    communicator = await open_socket(PORTAL, cookie=await db(portal_cookie)(customer))
    try:
        await communicator.send_to(text_data="{nope")
        assert await receive(communicator) == {"error": "malformed"}
        await communicator.send_json_to({"subscribe": 1})
        assert await receive(communicator) == {"error": "unsupported"}
    finally:
        await communicator.disconnect()


@run_async
async def test_an_ended_portal_session_closes_its_socket_at_the_next_check(
    customer, make_ticket, monkeypatch
):
    # Nothing announces a session deleted behind the portal's back: the timer finds it.
    monkeypatch.setattr(SessionSocket, "revalidate_seconds", 0.2)
    cookie = await db(portal_cookie)(customer)
    communicator = await open_socket(PORTAL, cookie=cookie)
    try:
        await db(make_ticket)(requester=customer)
        assert (await receive(communicator))["kind"] == "ticket.created"
        await db(_delete_session)(cookie.split("=", 1)[1])
        assert await communicator.receive_output(timeout=TIMEOUT) == {
            "type": "websocket.close",
            "code": 4401,
        }
    finally:
        await communicator.disconnect()


def _delete_session(key):
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore(key).delete()
