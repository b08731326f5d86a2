"""One-time contact codes: the agent who made one sees it, the right customer sees it, nobody
else; they expire; they are audited without the code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.web_portal.conftest import sign_in
from walletdesk.audit.models import AuditEntry
from walletdesk.core import clock
from walletdesk.identity.models import Customer, Role, User
from walletdesk.security.contact_codes import ALPHABET, contact_code_create
from walletdesk.security.models import ContactCode
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket: Callable[..., Ticket], customer: Customer) -> Ticket:
    return make_ticket(requester=customer)


def _code_on(page: str) -> str:
    found = re.search(r'class="contact-code"[^>]*>([A-Z0-9]{6})<', page)
    assert found, page[:2000]
    return found.group(1)


def test_the_agent_creates_a_code_and_sees_it_on_the_ticket(
    client: Client, agent: User, ticket: Ticket
) -> None:
    client.force_login(agent)
    response = client.post(f"/console/tickets/{ticket.pk}/contact-code/")
    assert response.status_code == 302
    code = _code_on(client.get(f"/console/tickets/{ticket.pk}/").content.decode())
    assert len(code) == 6
    assert set(code) <= set(ALPHABET)
    row = ContactCode.objects.get()
    assert code not in str(row.__dict__)  # not stored
    entry = AuditEntry.objects.get(action="contact_code.created")
    assert entry.actor == f"user:{agent.pk}"
    assert code not in str(entry.data)


def test_the_customer_sees_the_same_code_on_every_page_and_on_verify(
    client: Client, agent: User, ticket: Ticket, customer: Customer
) -> None:
    shown = contact_code_create(user=agent, ticket=ticket)
    portal = Client()
    sign_in(portal, customer)
    for path in ("/", "/tickets/", "/verify/"):
        page = portal.get(path).content.decode()
        assert 'id="contact-code-banner"' in page, path
        assert _code_on(page) == shown.code
    check = portal.get("/verify/", {"value": shown.code.lower()}).content.decode()
    assert 'id="code-match"' in check


def test_nobody_else_sees_the_code(
    client: Client,
    agent: User,
    ticket: Ticket,
    make_customer: Callable[..., Customer],
    make_user: Callable[..., User],
) -> None:
    shown = contact_code_create(user=agent, ticket=ticket)
    stranger = Client()
    sign_in(stranger, make_customer(email="someone@example.com"))
    for path in ("/", "/verify/"):
        assert shown.code not in stranger.get(path).content.decode()
    assert 'id="code-match"' not in stranger.get("/verify/", {"value": shown.code}).content.decode()
    assert shown.code not in Client().get("/verify/").content.decode()
    colleague = make_user(Role.AGENT, ("frontline",))
    client.force_login(colleague)
    assert shown.code not in client.get(f"/console/tickets/{ticket.pk}/").content.decode()


def test_codes_expire_after_thirty_minutes(agent: User, ticket: Ticket, customer: Customer) -> None:
    start = dt.datetime(2026, 5, 1, 2, 0, tzinfo=dt.UTC)
    with clock.frozen_at(start):
        shown = contact_code_create(user=agent, ticket=ticket)
    portal = Client()
    sign_in(portal, customer)
    with clock.frozen_at(start + dt.timedelta(minutes=29)):
        assert shown.code in portal.get("/").content.decode()
    with clock.frozen_at(start + dt.timedelta(minutes=31)):
        assert shown.code not in portal.get("/").content.decode()


def test_a_new_code_ends_the_agents_previous_one(
    agent: User, ticket: Ticket, customer: Customer
) -> None:
    first = contact_code_create(user=agent, ticket=ticket)
    second = contact_code_create(user=agent, ticket=ticket)
    portal = Client()
    sign_in(portal, customer)
    page = portal.get("/").content.decode()
    assert second.code in page
    assert first.code not in page or first.code == second.code


def test_an_agent_who_cannot_see_the_ticket_gets_404(
    client: Client, ticket: Ticket, make_user: Callable[..., User]
) -> None:
    client.force_login(make_user(Role.SPECIALIST, ("payments",)))
    assert client.post(f"/console/tickets/{ticket.pk}/contact-code/").status_code == 404
    assert not ContactCode.objects.exists()


def test_an_unverified_requester_cannot_be_contacted_with_a_code(
    client: Client, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(contact="walk-in@example.com")
    client.force_login(agent)
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert 'id="contact-customer"' not in page
    assert client.post(f"/console/tickets/{ticket.pk}/contact-code/").status_code == 404
