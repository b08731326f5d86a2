"""POST /api/v1/diagnose: who may ask about whom, what comes back, and bad input as 400."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.throttling import UserRateThrottle

from tests.api.conftest import error_of
from tests.conftest import PASSWORD
from tests.intake.support import STARTED, declined_top_up_wallet
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/v1/diagnose"


@pytest.fixture
def wallet(make_customer: Callable[..., Customer]) -> tuple[Customer, str]:
    account_ref, declined = declined_top_up_wallet()
    return make_customer(display_name="王小明", wallet_account_ref=account_ref), declined


def _post(client: Client, body: Any, **headers: str) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers=headers)


def _signed_in(customer: Customer, *, enforce_csrf: bool = False) -> Client:
    browser = Client(enforce_csrf_checks=enforce_csrf)
    if enforce_csrf:
        browser.get("/login/")  # the form's page sets the CSRF cookie, as a browser gets it
        token = browser.cookies[settings.CSRF_COOKIE_NAME].value
        response = browser.post(
            "/login/",
            {"identifier": customer.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
    else:
        response = browser.post("/login/", {"identifier": customer.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_an_agent_diagnoses_a_transaction_of_a_customer_they_may_see(
    api_for, agent: User, wallet, make_ticket
) -> None:
    customer, declined = wallet
    make_ticket(requester=customer)  # in the agent's team's queue
    response = _post(api_for(agent), {"customer": customer.pk, "transaction": declined})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["transaction"]["ref"] == declined
    assert body["transaction"]["amount"]["amount"] == "500.00"
    assert body["candidates"] == []
    issuer = {"issuer": "China Merchants Bank", "issuer_answers_now": "declines"}
    assert {"code": "issuer", "state": "failed", "evidence": issuer} in body["checks"]
    assert [check["code"] for check in body["checks"]][:4] == [
        "account_active",
        "balance",
        "payment_method",
        "issuer",
    ]
    assert body["outcome"] == "fixable_now"
    assert body["action"] == "use_another_method"
    assert body["cause"] == "issuer_declined"
    assert body["expected_by"] is None
    assert set(body["explanation"]) == {"title", "cause", "fix"}
    assert all(body["explanation"].values())
    assert body["agent_summary"].startswith(f"fixable_now · issuer_declined · {declined}")
    assert (
        "issuer: issuer=China Merchants Bank, issuer_answers_now=declines"
        in (body["agent_summary"])
    )


def test_an_agent_who_may_not_see_the_customer_gets_not_found(
    api_for, agent: User, make_user, wallet, make_ticket
) -> None:
    customer, declined = wallet
    make_ticket(requester=customer)
    outsider = make_user(teams=("technical",))
    unknown = _post(api_for(outsider), {"customer": 999_999, "transaction": declined})
    hidden = _post(api_for(outsider), {"customer": customer.pk, "transaction": declined})
    assert hidden.status_code == unknown.status_code == 404
    assert error_of(hidden) == error_of(unknown)  # the two look the same
    assert declined not in hidden.content.decode()


def test_an_agent_must_name_the_customer(api_for, agent: User, wallet) -> None:
    _customer, declined = wallet
    response = _post(api_for(agent), {"transaction": declined})
    assert response.status_code == 400
    assert "customer" in error_of(response)["fields"]


def test_a_signed_in_customer_diagnoses_their_own_transaction(wallet) -> None:
    customer, declined = wallet
    browser = _signed_in(customer)
    for body in ({"transaction": declined}, {"customer": customer.pk, "transaction": declined}):
        response = _post(browser, body)
        assert response.status_code == 200, response.content
        assert response.json()["outcome"] == "fixable_now"
        assert response.json()["agent_summary"] is None  # the agents' words stay with agents


def test_a_signed_in_customer_cannot_ask_about_anyone_else(
    wallet, make_customer: Callable[..., Customer]
) -> None:
    customer, _mine = wallet
    other_account, theirs = declined_top_up_wallet("李四")
    other = make_customer(wallet_account_ref=other_account)
    browser = _signed_in(customer)
    named = _post(browser, {"customer": other.pk, "transaction": theirs})
    nobody = _post(browser, {"customer": 999_999, "transaction": theirs})
    assert named.status_code == nobody.status_code == 404
    assert error_of(named) == error_of(nobody)
    # Their own account, someone else's reference: not found, as if it did not exist.
    foreign = _post(browser, {"transaction": theirs})
    assert foreign.status_code == 404
    assert theirs not in foreign.content.decode()


def test_a_portal_session_opens_no_other_endpoint(wallet) -> None:
    customer, _ref = wallet
    browser = _signed_in(customer)
    assert browser.get("/api/v1/tickets/").status_code in {401, 403}
    assert browser.get(f"/api/v1/customers/{customer.pk}/").status_code in {401, 403}


def test_anonymous_callers_are_refused(wallet) -> None:
    customer, declined = wallet
    response = _post(Client(), {"customer": customer.pk, "transaction": declined})
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    bad_token = _post(Client(HTTP_AUTHORIZATION="Token nope"), {"transaction": declined})
    assert bad_token.status_code == 401


def test_the_portal_cookie_needs_the_csrf_token(wallet) -> None:
    customer, declined = wallet
    browser = _signed_in(customer, enforce_csrf=True)
    refused = _post(browser, {"transaction": declined})
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "permission_denied"
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = _post(browser, {"transaction": declined}, **{"X-CSRFToken": token})
    assert accepted.status_code == 200, accepted.content


def test_criteria_find_candidates_with_their_reasons(api_for, agent: User, wallet, make_ticket):
    customer, declined = wallet
    make_ticket(requester=customer)
    criteria = {
        "occurred_at": STARTED.isoformat(),
        "amount": "500.00",
        "currency": "CNY",
        "payment_method": "debit card 4242",
    }
    response = _post(api_for(agent), {"customer": customer.pk, "criteria": criteria})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["candidates"][0]["transaction"]["ref"] == declined
    assert body["candidates"][0]["reasons"][0]["code"]
    assert body["candidates"][0]["reasons"][0]["words"]
    assert body["transaction"]["ref"] == declined


def _tomorrow() -> str:
    return "2999-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "transaction"),
        ({"transaction": "x", "criteria": {"occurred_at": "2026-03-01T10:00:00Z"}}, "criteria"),
        ({"customer": "1", "transaction": "x"}, "customer"),
        ({"customer": True, "transaction": "x"}, "customer"),
        ({"customer": 0, "transaction": "x"}, "customer"),
        ({"customer": 2**64, "transaction": "x"}, "customer"),
        ({"transaction": 42}, "transaction"),
        ({"transaction": "a b"}, "transaction"),
        ({"transaction": "x" * 65}, "transaction"),
        ({"criteria": []}, "criteria.non_field_errors"),
        ({"criteria": {}}, "criteria.occurred_at"),
        ({"criteria": {"occurred_at": 1700000000}}, "criteria.occurred_at"),
        ({"criteria": {"occurred_at": "yesterday"}}, "criteria.occurred_at"),
        ({"criteria": {"occurred_at": _tomorrow()}}, "criteria.occurred_at"),
        (
            {"criteria": {"occurred_at": "2026-03-02T00:00:00Z", "occurred_until": "2026-03-01"}},
            "criteria.occurred_until",
        ),
        (
            {"criteria": {"occurred_at": "2026-03-01T00:00:00Z", "amount": "1.001"}},
            "criteria.currency",
        ),
        (
            {
                "criteria": {
                    "occurred_at": "2026-03-01T00:00:00Z",
                    "amount": "1.001",
                    "currency": "CNY",
                }
            },
            "criteria.amount",
        ),
        ({"criteria": {"tx_hash": "ab", "network": "dogecoin"}}, "criteria.network"),
        ({"criteria": {"occurred_at": "2026-03-01T00:00:00Z", "currency": 1}}, "criteria.currency"),
    ],
)
def test_malformed_input_is_400_with_the_field(
    api_for, agent: User, wallet, make_ticket, body: dict[str, Any], field: str
) -> None:
    customer, _ref = wallet
    make_ticket(requester=customer)
    body = {"customer": customer.pk, **body}
    response = _post(api_for(agent), body)
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"]


@pytest.mark.parametrize("raw", ["{", "[1, 2]", '"text"', "null", "\x00"])
def test_unreadable_bodies_are_400(api_for, agent: User, raw: str) -> None:
    response = _post(api_for(agent), raw)
    assert response.status_code == 400
    error_of(response)


def test_the_endpoint_is_throttled(api_for, agent: User, monkeypatch) -> None:
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    client = api_for(agent)
    codes = [_post(client, {}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_the_endpoint_is_in_the_schema(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/diagnose"]["post"]
    assert {"tokenAuth": []} in operation["security"]
    assert {"portalSession": []} in operation["security"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "404"}


def test_tickets_are_untouched(api_for, agent: User, wallet, make_ticket) -> None:
    customer, declined = wallet
    make_ticket(requester=customer)
    before = Ticket.objects.count()
    _post(api_for(agent), {"customer": customer.pk, "transaction": declined})
    assert Ticket.objects.count() == before  # diagnosing is reading
