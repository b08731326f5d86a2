from __future__ import annotations

import pytest

from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Role
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.permissions import can_view_customer, tickets_visible_to
from walletdesk.tickets.selectors import (
    InboxFilters,
    customer_for_user,
    inbox,
    ticket_for_customer,
    ticket_for_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(make_ticket):
    return {
        "frontline": make_ticket(problem_type=ProblemType.TOPUP_NOT_CREDITED),
        "security": make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN),
    }


def test_frontline_agent_sees_frontline_only(tickets, agent):
    visible = set(tickets_visible_to(agent))
    assert tickets["frontline"] in visible
    assert tickets["security"] not in visible
    with pytest.raises(NotFound):
        ticket_for_user(user=agent, ticket_id=tickets["security"].pk)
    assert not can_view_customer(agent, tickets["security"].requester)
    with pytest.raises(NotFound):
        customer_for_user(user=agent, customer_id=tickets["security"].requester.pk)


def test_security_specialist_sees_security_and_assigned(tickets, security_specialist):
    visible = set(tickets_visible_to(security_specialist))
    assert visible == {tickets["security"]}


def test_assignment_grants_visibility(tickets, make_user, supervisor):
    from walletdesk.tickets.services import TicketChanges, ticket_update

    payments = make_user(Role.SPECIALIST, ("payments",))
    assert not tickets_visible_to(payments).exists()
    ticket_update(
        ticket=tickets["frontline"], by=supervisor, changes=TicketChanges(assignee_id=payments.pk)
    )
    assert list(tickets_visible_to(payments)) == [tickets["frontline"]]


def test_supervisor_sees_everything(tickets, supervisor):
    assert set(tickets_visible_to(supervisor)) == set(tickets.values())


def test_inactive_user_sees_nothing(tickets, supervisor):
    supervisor.is_active = False
    supervisor.save()
    assert not tickets_visible_to(supervisor).exists()


def test_customer_sees_only_own_ticket(tickets):
    mine = tickets["frontline"]
    assert ticket_for_customer(customer=mine.requester, ticket_id=mine.pk) == mine
    with pytest.raises(NotFound):
        ticket_for_customer(customer=mine.requester, ticket_id=tickets["security"].pk)


def test_inbox_filters(make_ticket, supervisor, agent):
    chat = make_ticket(channel="chat", problem_type="transaction_failed")
    email = make_ticket(channel="email", problem_type="payment_method")
    stolen = make_ticket(channel="phone", problem_type="account_stolen")

    def ids(**kw):
        return {t.pk for t in inbox(user=supervisor, filters=InboxFilters(**kw))}

    assert ids() == {chat.pk, email.pk, stolen.pk}
    assert ids(channel="chat") == {chat.pk}
    assert ids(problem_type="payment_method") == {email.pk}
    assert ids(team="security") == {stolen.pk}
    assert ids(query=stolen.reference) == {stolen.pk}
    assert ids(assignee="none") == {chat.pk, email.pk, stolen.pk}
    assert ids(status="solved") == set()
    # critical first
    assert next(iter(inbox(user=supervisor, filters=InboxFilters()))).pk == stolen.pk
