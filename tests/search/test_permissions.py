"""Search never returns a ticket the agent may not see: not through the service, not through
the console inbox, not through the API. Frontline and security queues stay apart
(walletdesk/tickets/permissions.py), and a ticket assigned to someone follows them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.api.conftest import api_for, token_for  # noqa: F401 - fixtures for the API checks
from walletdesk.identity.models import User
from walletdesk.tickets.search import tickets_search
from walletdesk.tickets.services import TicketChanges, ticket_update

pytestmark = pytest.mark.django_db
INBOX = reverse("console:inbox")
TICKETS = "/api/v1/tickets/"


def _ids(user: User, query: str) -> set[int]:
    return {hit.ticket_id for hit in tickets_search(user, query)}


def test_frontline_never_gets_security_tickets(agent, security_specialist, supervisor, corpus):
    secret = corpus["security"].pk
    for word in ("提现", "冻结", "盗"):
        assert secret not in _ids(agent, word)
    assert secret in _ids(security_specialist, "提现")
    assert secret in _ids(supervisor, "提现")
    assert _ids(security_specialist, "提现") == {secret}  # frontline tickets are not theirs
    assert corpus["提现"].pk in _ids(agent, "提现")


def test_assignment_follows_the_agent(agent, supervisor, corpus, committed) -> None:
    secret = corpus["security"]
    with committed():
        ticket_update(ticket=secret, by=supervisor, changes=TicketChanges(assignee_id=agent.pk))
    assert secret.pk in _ids(agent, "冻结")


def test_an_inactive_agent_finds_nothing(agent, corpus) -> None:
    agent.is_active = False
    agent.save()
    assert _ids(agent, "提现") == set()


def _page(client: Client, query: str) -> str:
    response = client.get(INBOX, {"q": query, "status": "all"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_console_inbox_search(client: Client, agent, corpus, language: str) -> None:
    client.force_login(agent)
    with translation.override(language):
        html = _page(client, "冻结")
    assert corpus["冻结"].reference in html
    assert "<mark>冻结</mark>" in html
    assert corpus["security"].reference not in html
    assert "盗了我的账号" not in html  # the hidden ticket's words do not leak through a snippet


def test_console_inbox_search_by_name_and_phone(client: Client, agent, corpus) -> None:
    client.force_login(agent)
    assert corpus["wang"].reference in _page(client, "王小明")
    assert corpus["wang"].reference in _page(client, "+86 138 0013 8000")
    assert corpus["wang"].reference in _page(client, "13800138000")  # a phone, not a ticket id
    assert corpus["refund"].reference not in _page(client, "王小明")


@pytest.mark.parametrize("query", ['"', "NEAR(", "a:b", "(((", "*", "提现 OR", "\x00x"])
def test_console_hostile_queries(client: Client, agent, corpus, query: str) -> None:
    client.force_login(agent)
    assert client.get(INBOX, {"q": query}).status_code == 200


def test_api_search(api_for, agent, security_specialist, corpus) -> None:  # noqa: F811
    rows = api_for(agent).get(TICKETS, {"q": "提现"}).json()["results"]
    found = {row["id"] for row in rows}
    assert corpus["提现"].pk in found
    assert corpus["security"].pk not in found
    secret = api_for(security_specialist).get(TICKETS, {"q": "提现"}).json()["results"]
    assert {row["id"] for row in secret} == {corpus["security"].pk}
    assert api_for(agent).get(TICKETS, {"q": '"((NEAR*:'}).status_code == 200


def test_a_search_costs_a_fixed_number_of_queries(agent, corpus, django_assert_max_num_queries):
    """Teams, the store's cut-off and ranked lookup, the permission filter, the snippets."""
    with django_assert_max_num_queries(5):
        tickets_search(agent, "提现")
