"""What a socket costs the database outside delivery (which costs none): the checks of a
subscription and of a session have a budget."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

from tests.realtime.conftest import portal_cookie
from walletdesk.realtime import access
from walletdesk.tickets.choices import ProblemType

# database_sync_to_async closes connections it considers stale, and a connection inside a test
# transaction looks stale to it: these need committed data, like the socket tests.
pytestmark = pytest.mark.django_db(transaction=True)


def test_checking_a_subscription_for_an_agent_stays_within_three_queries(
    agent, make_ticket, django_assert_max_num_queries
):
    visible = make_ticket()
    hidden = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)
    with django_assert_max_num_queries(3):
        assert async_to_sync(access.can_follow_ticket)(agent, visible.pk) is True
    with django_assert_max_num_queries(3):
        assert async_to_sync(access.can_follow_ticket)(agent, hidden.pk) is False


def test_checking_a_portal_session_stays_within_two_queries(
    customer, django_assert_max_num_queries
):
    key = portal_cookie(customer).split("=", 1)[1]
    with django_assert_max_num_queries(2):
        assert async_to_sync(access.portal_customer)(key) == customer
    with django_assert_max_num_queries(2):
        assert async_to_sync(access.portal_customer)("x" * 32) is None


def test_console_session_check_sees_a_sign_out(agent, client):
    client.force_login(agent)
    key = client.cookies["wd_console"].value
    assert async_to_sync(access.console_user)(key) == agent
    client.logout()
    assert async_to_sync(access.console_user)(key) is None
