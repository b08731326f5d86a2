"""POST /api/v1/customers/{id}/freeze: for agents who may see the customer, documented."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.conftest import error_of
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db


def url(customer: Customer) -> str:
    return f"/api/v1/customers/{customer.pk}/freeze"


def test_an_agent_handling_the_customer_freezes_the_wallet(
    api_for: Callable[[User], Client],
    agent: User,
    victim: Customer,
    make_ticket: Callable[..., Ticket],
) -> None:
    make_ticket(requester=victim)  # a verified frontline ticket: the agent may see the customer
    response = api_for(agent).post(
        url(victim),
        {"reason": "Caller says the phone was stolen."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["wallet_frozen"] is True
    assert body["already_frozen"] is False
    assert get_gateway().get_account(victim.wallet_account_ref).is_frozen
    case = Ticket.objects.get(pk=body["ticket_id"])
    assert case.problem_type == ProblemType.ACCOUNT_STOLEN
    assert body["ticket_reference"] == case.reference
    again = api_for(agent).post(url(victim), {}, content_type="application/json")
    assert again.json()["already_frozen"] is True
    assert again.json()["ticket_id"] == case.pk


def test_a_customer_the_agent_may_not_see_is_not_found(
    api_for: Callable[[User], Client], agent: User, victim: Customer
) -> None:
    response = api_for(agent).post(url(victim), {}, content_type="application/json")
    assert response.status_code == 404
    assert error_of(response)["code"]
    assert not get_gateway().get_account(victim.wallet_account_ref).is_frozen


def test_bad_input_is_a_400_and_no_token_a_401(
    api_for: Callable[[User], Client], supervisor: User, victim: Customer, client: Client
) -> None:
    bad = api_for(supervisor).post(url(victim), {"reason": 42}, content_type="application/json")
    assert bad.status_code == 400
    assert client.post(url(victim), {}, content_type="application/json").status_code in {401, 403}


def test_the_endpoint_is_in_the_schema(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/customers/{customer_id}/freeze" in schema
