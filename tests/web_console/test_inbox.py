"""The unified inbox: filters narrow, search finds, pages stay flat in queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web_console.conftest import HTMX
from walletdesk.identity.models import Role, User
from walletdesk.tickets.choices import Channel, ProblemType, Status
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.search import reindex_all
from walletdesk.tickets.services import TicketChanges, ticket_update

pytestmark = pytest.mark.django_db

INBOX = reverse("console:inbox")


def _refs(client: Client, **params: str) -> set[str]:
    response = client.get(INBOX, params, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    return {ref for ref in _all_refs() if f">{ref}<" in html}


def _all_refs() -> list[str]:
    return [ticket.reference for ticket in Ticket.objects.all()]


@pytest.fixture
def spread(make_ticket: Callable[..., Ticket], supervisor: User, agent: User) -> dict[str, Ticket]:
    """Tickets that differ in exactly one way each, so every filter has something to cut."""
    tickets = {
        "email": make_ticket(channel=Channel.EMAIL, subject="Card declined at checkout"),
        "chat": make_ticket(channel=Channel.CHAT, subject="Cannot sign in"),
        "stolen": make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN, subject="Phone stolen"),
        "solved": make_ticket(subject="Refund question"),
        "mine": make_ticket(subject="Withdrawal stuck"),
    }
    ticket_update(
        ticket=tickets["solved"], by=supervisor, changes=TicketChanges(status=Status.SOLVED)
    )
    ticket_update(
        ticket=tickets["mine"], by=supervisor, changes=TicketChanges(assignee_id=agent.pk)
    )
    return tickets


def test_inbox_needs_a_console_user(client: Client) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_default_shows_active_tickets_only(login_as, supervisor: User, spread) -> None:
    client = login_as(supervisor)
    refs = _refs(client)
    assert spread["solved"].reference not in refs
    assert {spread[k].reference for k in ("email", "chat", "stolen", "mine")} <= refs
    assert spread["solved"].reference in _refs(client, status="all")
    assert _refs(client, status=Status.SOLVED) == {spread["solved"].reference}


def test_each_filter_narrows(login_as, supervisor: User, agent: User, spread) -> None:
    client = login_as(supervisor)
    assert _refs(client, channel=Channel.EMAIL) == {spread["email"].reference}
    assert _refs(client, channel=Channel.CHAT) == {spread["chat"].reference}
    assert _refs(client, problem_type=ProblemType.ACCOUNT_STOLEN) == {spread["stolen"].reference}
    assert _refs(client, team="security") == {spread["stolen"].reference}
    assert spread["stolen"].reference not in _refs(client, team="frontline")
    assert _refs(client, assignee=str(agent.pk)) == {spread["mine"].reference}
    assert spread["mine"].reference not in _refs(client, assignee="none")
    assert _refs(client, assignee="me") == set()


def test_assigned_to_me(login_as, agent: User, spread) -> None:
    assert _refs(login_as(agent), assignee="me") == {spread["mine"].reference}


def test_search_by_reference_or_subject(login_as, supervisor: User, spread) -> None:
    reindex_all()  # the fixture's writes never commit inside the test's transaction
    client = login_as(supervisor)
    assert _refs(client, q=spread["chat"].reference) == {spread["chat"].reference}
    assert _refs(client, q=str(spread["chat"].pk)) == {spread["chat"].reference}
    assert _refs(client, q="card declined") == {spread["email"].reference}
    assert _refs(client, q="nothing like this") == set()


def test_unknown_filter_values_narrow_nothing(login_as, supervisor: User, spread) -> None:
    client = login_as(supervisor)
    response = client.get(INBOX, {"channel": "carrier-pigeon", "status": "sideways"})
    assert response.status_code == 200
    assert spread["email"].reference in response.content.decode()


def test_frontline_agent_does_not_see_security_tickets(login_as, agent: User, spread) -> None:
    refs = _refs(login_as(agent), status="all")
    assert spread["stolen"].reference not in refs
    assert spread["email"].reference in refs


def test_htmx_gets_the_table_not_the_page(login_as, supervisor: User, spread) -> None:
    client = login_as(supervisor)
    partial = client.get(INBOX, headers=HTMX)
    html = partial.content.decode()
    assert 'id="inbox-table"' in html
    assert "<html" not in html
    assert "<form" not in html
    assert "HX-Request" in partial["Vary"]
    page = client.get(INBOX).content.decode()
    assert "<html" in page
    assert 'id="inbox-table"' in page
    assert 'hx-push-url="true"' in page
    restore = client.get(INBOX, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_row_shows_what_an_agent_scans(login_as, supervisor: User, agent: User, spread) -> None:
    html = login_as(supervisor).get(INBOX).content.decode()
    mine = spread["mine"]
    assert mine.reference in html
    assert "Withdrawal stuck" in html
    assert mine.requester.display_name in html
    assert str(agent) in html
    assert "badge-critical" in html  # the stolen-account ticket


def test_pages_of_fifty(login_as, supervisor: User, make_ticket) -> None:
    for n in range(51):
        make_ticket(subject=f"Ticket number {n}")
    client = login_as(supervisor)
    first = client.get(INBOX).content.decode()
    assert first.count('class="row-link"') == 50
    assert "page=2" in first
    second = client.get(INBOX, {"page": "2"}).content.decode()
    assert second.count('class="row-link"') == 1
    assert client.get(INBOX, {"page": "999"}).status_code == 200


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_queries_do_not_grow_with_tickets(
    login_as, make_user, make_ticket, role: str, django_assert_max_num_queries
) -> None:
    user = make_user(role, ("frontline",))
    others = [make_user(Role.AGENT, ("frontline",)) for _ in range(3)]

    def add(count: int) -> None:
        for n in range(count):
            ticket = make_ticket(subject=f"Load {n}")
            ticket_update(
                ticket=ticket, by=user, changes=TicketChanges(assignee_id=others[n % 3].pk)
            )

    client = login_as(user)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX).status_code == 200
    add(27)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        assert client.get(INBOX).status_code == 200
    assert len(many) == len(few)
