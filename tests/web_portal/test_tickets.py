"""My requests: the list, one conversation, replying, and who may see what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web_portal.conftest import TINY_PNG
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind, Status
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, TicketChanges, message_add, ticket_update

TicketFactory = Callable[..., Ticket]


def _set_status(ticket: Ticket, agent: User, *statuses: str) -> None:
    for status in statuses:
        ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=status))


@pytest.mark.usefixtures("english")
def test_my_requests_lists_only_my_own_newest_first(
    portal_client: Client,
    customer: Customer,
    make_ticket: TicketFactory,
    django_assert_max_num_queries: Any,
) -> None:
    older = make_ticket(requester=customer, subject="Older request")
    newer = make_ticket(requester=customer, subject="Newer request")
    someone_elses = make_ticket(subject="Somebody else's request")

    # Session, customer, count, page, live contact codes (the banner): whatever the number.
    with django_assert_max_num_queries(5):
        response = portal_client.get("/tickets/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(newer.reference) < page.index(older.reference)
    assert "badge-new" in page
    assert someone_elses.reference not in page
    assert "Somebody else" not in page


def test_my_requests_query_count_does_not_grow_with_tickets(
    portal_client: Client,
    customer: Customer,
    make_ticket: TicketFactory,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(25):
        make_ticket(requester=customer, subject=f"Request {n}")

    with django_assert_max_num_queries(5):
        first = portal_client.get("/tickets/")
    with django_assert_max_num_queries(5):
        second = portal_client.get("/tickets/?page=2")

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5


@pytest.mark.usefixtures("english")
def test_thread_shows_public_replies_and_never_internal_notes(
    portal_client: Client,
    customer: Customer,
    agent: User,
    make_ticket: TicketFactory,
    django_assert_max_num_queries: Any,
) -> None:
    ticket = make_ticket(requester=customer, steps_tried="Checked my bank statement.")
    message_add(ticket=ticket, author=Author(user=agent), body="We are checking with the bank.")
    message_add(
        ticket=ticket,
        author=Author(user=agent),
        body="INTERNAL: looks like a duplicate of another case",
        kind=MessageKind.NOTE,
        uploads=[Upload("internal-evidence.png", TINY_PNG)],
    )
    for n in range(5):
        message_add(
            ticket=ticket,
            author=Author(customer=customer),
            body=f"Extra detail {n}",
            uploads=[Upload(f"detail{n}.png", TINY_PNG)],
        )

    # Session, customer, ticket, messages, attachments, contact codes: however long the thread.
    with django_assert_max_num_queries(6):
        response = portal_client.get(f"/tickets/{ticket.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "We are checking with the bank." in page
    assert "Checked my bank statement." in page
    assert "Extra detail 4" in page
    assert "detail4.png" in page
    assert "INTERNAL" not in page
    assert "internal-evidence.png" not in page
    assert page.count('class="msg msg-') == 7  # first message + agent reply + 5 customer replies


def test_another_customers_ticket_is_not_found(
    portal_client: Client, make_ticket: TicketFactory
) -> None:
    theirs = make_ticket(subject="Private matter")

    for response in (
        portal_client.get(f"/tickets/{theirs.pk}/"),
        portal_client.post(f"/tickets/{theirs.pk}/reply/", {"body": "Let me in"}),
        portal_client.get("/tickets/999999/"),
    ):
        assert response.status_code == 404
        assert "Private matter" not in response.content.decode()
    assert theirs.messages.count() == 1


@pytest.mark.usefixtures("english")
def test_reply_reopens_a_ticket_waiting_for_the_customer(
    portal_client: Client, customer: Customer, agent: User, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)
    _set_status(ticket, agent, Status.PENDING_CUSTOMER)

    response = portal_client.post(
        f"/tickets/{ticket.pk}/reply/",
        {"body": "Here is the receipt.", "attachments": [SimpleUploadedFile("r.png", TINY_PNG)]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    reply = ticket.messages.order_by("-id").first()
    assert reply is not None
    assert reply.body == "Here is the receipt."
    assert reply.author_customer == customer
    assert reply.attachments.get().filename == "r.png"
    assert "Your reply has been sent." in portal_client.get(response["Location"]).content.decode()


@pytest.mark.usefixtures("english")
def test_htmx_reply_swaps_the_conversation(
    portal_client: Client, customer: Customer, agent: User, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)
    _set_status(ticket, agent, Status.PENDING_CUSTOMER)

    response = portal_client.post(
        f"/tickets/{ticket.pk}/reply/",
        {"body": "Sent through htmx."},
        HTTP_HX_REQUEST="true",
    )

    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<div id="conversation">')
    assert "<html" not in fragment
    assert "Sent through htmx." in fragment
    assert "badge-open" in fragment  # the fragment shows the reopened status
    assert 'hx-post="/tickets/' in fragment  # and a fresh, empty reply box


def test_empty_reply_is_refused(
    portal_client: Client, customer: Customer, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)

    plain = portal_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "   "})
    htmx = portal_client.post(f"/tickets/{ticket.pk}/reply/", {"body": ""}, HTTP_HX_REQUEST="true")

    assert plain.status_code == htmx.status_code == 400
    assert "body" in plain.context["form"].errors
    assert htmx.content.decode().lstrip().startswith('<div id="conversation">')
    assert ticket.messages.count() == 1


@pytest.mark.usefixtures("english")
def test_closed_ticket_offers_a_new_request_instead_of_a_reply_box(
    portal_client: Client, customer: Customer, agent: User, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)
    _set_status(ticket, agent, Status.SOLVED, Status.CLOSED)

    page = portal_client.get(f"/tickets/{ticket.pk}/")
    assert 'id="closed-notice"' in page.content.decode()
    assert "/reply/" not in page.content.decode()

    # A reply posted anyway (an old tab) is refused kindly, not with a 500.
    response = portal_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "One more thing"})
    assert response.status_code == 409
    assert "This ticket is closed. Please open a new request." in response.content.decode()
    assert ticket.messages.count() == 1


def test_solved_ticket_still_takes_a_reply_and_reopens(
    portal_client: Client, customer: Customer, agent: User, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)
    _set_status(ticket, agent, Status.SOLVED)

    portal_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "It happened again."})

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_reply_url_is_post_only(
    portal_client: Client, customer: Customer, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)

    assert portal_client.get(f"/tickets/{ticket.pk}/reply/").status_code == 405


@pytest.mark.usefixtures("english")
def test_live_refresh_of_the_thread_keeps_the_reply_box(
    portal_client: Client,
    customer: Customer,
    agent: User,
    make_ticket: TicketFactory,
    django_assert_max_num_queries: Any,
) -> None:
    ticket = make_ticket(requester=customer)
    page = portal_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'data-live="ticket" data-ticket-id="{ticket.pk}"' in page
    assert f'data-refresh-url="/tickets/{ticket.pk}/thread/"' in page
    assert "web/portal-live" in page
    message_add(ticket=ticket, author=Author(user=agent), body="We found your top-up.")
    message_add(ticket=ticket, author=Author(user=agent), body="NOTE: bank", kind=MessageKind.NOTE)

    with django_assert_max_num_queries(5):
        response = portal_client.get(f"/tickets/{ticket.pk}/thread/", HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<div class="thread" id="thread">')
    assert "We found your top-up." in fragment
    assert "NOTE: bank" not in fragment
    assert 'id="ticket-header" hx-swap-oob="true"' in fragment
    assert "badge-open" in fragment  # the agent's reply opened it
    assert "<textarea" not in fragment


def test_live_refresh_of_someone_elses_thread_is_not_found(
    portal_client: Client, make_ticket: TicketFactory
) -> None:
    theirs = make_ticket(subject="Private matter")

    response = portal_client.get(f"/tickets/{theirs.pk}/thread/", HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    assert "Private matter" not in response.content.decode()


def test_live_refresh_of_my_requests_returns_the_list_alone(
    portal_client: Client,
    customer: Customer,
    make_ticket: TicketFactory,
    django_assert_max_num_queries: Any,
) -> None:
    ticket = make_ticket(requester=customer)
    assert 'data-live="tickets"' in portal_client.get("/tickets/").content.decode()

    with django_assert_max_num_queries(4):
        response = portal_client.get("/tickets/", HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="ticket-list-card">')
    assert ticket.reference in fragment
    assert "<html" not in fragment


def test_an_internal_note_does_not_change_what_the_customer_sees_as_last_update(
    portal_client, customer, agent
):
    import datetime as dt

    from walletdesk.core import clock
    from walletdesk.tickets.services import Author, message_add, ticket_create

    opened = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing
    with clock.frozen_at(opened):
        ticket = ticket_create(channel="portal", requester=customer, subject="Hi", body="Help")
    with clock.frozen_at(opened + dt.timedelta(hours=5)):
        message_add(ticket=ticket, author=Author(user=agent), body="internal", kind="note")
    page = portal_client.get("/tickets/").content.decode()
    assert "2026-03-01 10:00" in page
    assert "2026-03-01 15:00" not in page
