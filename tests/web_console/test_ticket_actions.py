"""Working a ticket: replies, notes, status, assignment; refusals shown, never a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.web_console.conftest import HTMX, TINY_PNG
from walletdesk.identity.models import User
from walletdesk.tickets import selectors
from walletdesk.tickets.choices import MessageKind, Priority, ProblemType, Status
from walletdesk.tickets.models import Message, Ticket, TicketEvent
from walletdesk.tickets.services import TicketChanges, ticket_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket: Callable[..., Ticket]) -> Ticket:
    return make_ticket(subject="Top-up not credited")


def _post_message(
    client: Client, ticket: Ticket, kind: str, body: str, htmx: bool = False, **extra
):
    return client.post(
        reverse("console:ticket-message", args=[ticket.pk]),
        {"kind": kind, "body": body, **extra},
        headers=HTMX if htmx else {},
    )


def _update(client: Client, ticket: Ticket, htmx: bool = False, **changes: str):
    """Post the properties form as the agent saw it, with `changes` applied."""
    ticket.refresh_from_db()
    seen = {
        "status": ticket.status,
        "priority": str(ticket.priority),
        "problem_type": ticket.problem_type,
        "team": ticket.team.code if ticket.team else "",
        "assignee": str(ticket.assignee_id or ""),
    }
    data = {**seen, **{f"was_{k}": v for k, v in seen.items()}, **changes}
    return client.post(
        reverse("console:ticket-update", args=[ticket.pk]), data, headers=HTMX if htmx else {}
    )


def test_reply_sets_first_response_and_opens(login_as, agent: User, ticket: Ticket) -> None:
    assert ticket.status == Status.NEW
    assert ticket.first_response_at is None
    response = _post_message(login_as(agent), ticket, "reply", "We are checking your top-up.")
    assert response.status_code == 302
    assert response["Location"] == reverse("console:ticket", args=[ticket.pk])
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_response_at is not None
    reply = ticket.messages.get(body="We are checking your top-up.")
    assert reply.kind == MessageKind.REPLY
    assert reply.author_user == agent


def test_reply_with_htmx_returns_fragments(login_as, agent: User, ticket: Ticket) -> None:
    response = _post_message(login_as(agent), ticket, "reply", "Hello from htmx", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="ok"' in html
    assert 'id="thread" class="thread" hx-swap-oob="true"' in html
    assert "Hello from htmx" in html
    assert 'id="ticket-header" class="card" hx-swap-oob="true"' in html
    assert "<html" not in html


def test_reply_with_attachment(login_as, agent: User, ticket: Ticket) -> None:
    upload = SimpleUploadedFile("proof.png", TINY_PNG, content_type="image/png")
    _post_message(login_as(agent), ticket, "reply", "See attached", files=[upload])
    message = ticket.messages.get(body="See attached")
    assert [a.filename for a in message.attachments.all()] == ["proof.png"]


def test_internal_note_stays_internal(login_as, agent: User, ticket: Ticket) -> None:
    _post_message(login_as(agent), ticket, "note", "Customer sounds stressed; be gentle.")
    note = Message.objects.get(body="Customer sounds stressed; be gentle.")
    assert note.kind == MessageKind.NOTE
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    assert ticket.status == Status.NEW
    portal_thread = selectors.thread(ticket=ticket, include_internal=False)
    assert note not in list(portal_thread)
    assert note in list(selectors.thread(ticket=ticket, include_internal=True))


def test_empty_message_is_refused_inline(login_as, agent: User, ticket: Ticket) -> None:
    client = login_as(agent)
    response = _post_message(client, ticket, "reply", "   ", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="refused"' in html
    assert "This field is required." in html
    assert "hx-swap-oob" not in html
    plain = _post_message(client, ticket, "reply", "")
    assert plain.status_code == 302
    page = client.get(plain["Location"]).content.decode()
    assert "This field is required." in page
    assert ticket.messages.count() == 1


def test_bad_attachment_is_refused_without_500(login_as, agent: User, ticket: Ticket) -> None:
    upload = SimpleUploadedFile(
        "tool.exe", b"MZ\x90\x00binary", content_type="application/octet-stream"
    )
    response = _post_message(login_as(agent), ticket, "reply", "here", htmx=True, files=[upload])
    assert response.status_code == 200
    assert "is not an image, PDF, CSV or text file" in response.content.decode()
    assert ticket.messages.count() == 1


def test_closed_ticket_refuses_messages(login_as, supervisor: User, ticket: Ticket) -> None:
    for status in (Status.SOLVED, Status.CLOSED):
        ticket = ticket_update(ticket=ticket, by=supervisor, changes=TicketChanges(status=status))
    client = login_as(supervisor)
    response = _post_message(client, ticket, "reply", "Too late", htmx=True)
    assert response.status_code == 200
    assert "This ticket is closed" in response.content.decode()
    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert 'name="kind" value="reply"' not in page


def test_status_change_follows_transitions(login_as, agent: User, ticket: Ticket) -> None:
    client = login_as(agent)
    response = _update(client, ticket, status=Status.PENDING_CUSTOMER)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING_CUSTOMER
    _update(client, ticket, status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket.solved_at is not None


@pytest.mark.parametrize("htmx", [True, False])
def test_illegal_status_change_is_an_error_not_a_500(
    login_as, agent: User, ticket: Ticket, htmx: bool
) -> None:
    client = login_as(agent)
    response = _update(client, ticket, htmx=htmx, status=Status.CLOSED)
    if htmx:
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-outcome="refused"' in html
        assert "cannot go from" in html
    else:
        assert response.status_code == 302
        assert "cannot go from" in client.get(response["Location"]).content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert not TicketEvent.objects.filter(ticket=ticket, field="status").exists()


def test_unknown_values_are_refused(login_as, agent: User, ticket: Ticket) -> None:
    response = _update(login_as(agent), ticket, htmx=True, priority="99", status="exploded")
    assert response.status_code == 200
    assert 'data-outcome="refused"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL


def test_only_changed_fields_are_applied(
    login_as, agent: User, supervisor: User, ticket: Ticket
) -> None:
    client = login_as(agent)
    stale = {
        "status": ticket.status,
        "priority": str(ticket.priority),
        "problem_type": ticket.problem_type,
        "team": "frontline",
        "assignee": "",
    }
    # Meanwhile a supervisor raises the priority.
    ticket_update(ticket=ticket, by=supervisor, changes=TicketChanges(priority=Priority.HIGH))
    data = {
        **stale,
        **{f"was_{k}": v for k, v in stale.items()},
        "problem_type": ProblemType.PAYMENT_METHOD,
    }
    client.post(reverse("console:ticket-update", args=[ticket.pk]), data)
    ticket.refresh_from_db()
    assert ticket.problem_type == ProblemType.PAYMENT_METHOD
    assert ticket.priority == Priority.HIGH  # not reset to what the agent's form still showed


def test_assign_to_me(login_as, agent: User, ticket: Ticket) -> None:
    client = login_as(agent)
    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert reverse("console:ticket-assign-me", args=[ticket.pk]) in page
    response = client.post(reverse("console:ticket-assign-me", args=[ticket.pk]), headers=HTMX)
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert reverse("console:ticket-assign-me", args=[ticket.pk]) not in response.content.decode()
    assert client.get(reverse("console:ticket-assign-me", args=[ticket.pk])).status_code == 405


def test_history_records_the_changes(login_as, agent: User, make_user, ticket: Ticket) -> None:
    colleague = make_user(first_name="Li", last_name="Na")
    client = login_as(agent)
    _update(
        client,
        ticket,
        priority=str(Priority.URGENT),
        assignee=str(colleague.pk),
        problem_type=ProblemType.PAYMENT_METHOD,
    )
    events = {e.field: (e.old_value, e.new_value, e.actor_user) for e in ticket.events.all()}
    assert events["priority"] == (str(Priority.NORMAL), str(Priority.URGENT), agent)
    assert events["assignee"][1] == str(colleague)
    assert events["problem_type"] == (
        ProblemType.TOPUP_NOT_CREDITED,
        ProblemType.PAYMENT_METHOD,
        agent,
    )
    html = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    history = html[html.index('id="ticket-history"') :]
    assert "Urgent" in history
    assert "Normal" in history
    assert "Payment method problem" in history
    assert str(colleague) in history


def test_moving_a_ticket_out_of_sight_goes_back_to_the_inbox(
    login_as, agent: User, ticket: Ticket
) -> None:
    client = login_as(agent)
    response = _update(client, ticket, team="security")
    assert response.status_code == 302
    assert response["Location"] == reverse("console:inbox")
    ticket.refresh_from_db()
    assert ticket.team is not None
    assert ticket.team.code == "security"
    htmx = _update(client, ticket, htmx=True)  # no longer visible: 404 like any unknown ticket
    assert htmx.status_code == 404


def test_forms_are_csrf_protected(agent: User, ticket: Ticket) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    response = strict.post(
        reverse("console:ticket-message", args=[ticket.pk]), {"kind": "reply", "body": "x"}
    )
    assert response.status_code == 403
    assert ticket.messages.count() == 1
