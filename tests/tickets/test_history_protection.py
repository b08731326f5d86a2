"""Ticket history is kept: nothing cascades it away, and the admin cannot edit or delete it."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from walletdesk.identity.models import Role, Team
from walletdesk.tickets.models import Message, Ticket, TicketEvent
from walletdesk.tickets.permissions import tickets_visible_to

pytestmark = pytest.mark.django_db


def test_a_ticket_with_a_thread_cannot_be_deleted(make_ticket):
    ticket = make_ticket()
    with pytest.raises(ProtectedError):
        ticket.delete()
    assert Message.objects.filter(ticket=ticket).exists()
    assert TicketEvent.objects.filter(ticket=ticket).exists()


def test_deleting_a_team_never_widens_who_sees_its_tickets(make_ticket, make_user):
    frontline_agent = make_user(Role.AGENT, ("frontline",))
    ticket = make_ticket(problem_type="account_stolen")  # routed to the security team
    assert ticket.team is not None
    assert ticket.team.code == "security"
    assert not tickets_visible_to(frontline_agent).filter(pk=ticket.pk).exists()
    with pytest.raises(ProtectedError):
        Team.objects.get(code="security").delete()
    assert not tickets_visible_to(frontline_agent).filter(pk=ticket.pk).exists()


def test_the_admin_cannot_change_or_delete_tickets_or_their_history(client, make_user, make_ticket):
    client.force_login(make_user(Role.ADMIN, ()))
    ticket = make_ticket()
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    changed = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/", {"subject": "rewritten", "status": "closed"}
    )
    assert changed.status_code == 403
    assert (
        client.post(f"/admin/tickets/ticket/{ticket.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    event = TicketEvent.objects.filter(ticket=ticket).first()
    assert event is not None
    assert (
        client.post(f"/admin/tickets/ticketevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    ticket.refresh_from_db()
    assert ticket.subject != "rewritten"
    assert Ticket.objects.filter(pk=ticket.pk).exists()
