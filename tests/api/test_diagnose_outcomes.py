"""POST /api/v1/diagnose through the real diagnosis, staged in the sandbox wallet: every
outcome, its words in both languages, and the search by criteria."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.wallet import staging
from tests.wallet.support import T0
from walletdesk.core import clock
from walletdesk.identity.models import Customer, User
from walletdesk.wallet.gateway import reset_gateway

pytestmark = pytest.mark.django_db

URL = "/api/v1/diagnose"
OUTCOMES = [
    pytest.param(staging.issuer_declined, "fixable_now", "issuer_declined", id="fixable_now"),
    pytest.param(staging.insufficient_balance, "fixable_now", "insufficient_balance", id="top-up"),
    pytest.param(staging.awaiting_confirmations, "wait", "awaiting_confirmations", id="wait"),
    pytest.param(staging.wrong_network, "needs_person", "wrong_network", id="needs_person"),
]


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    reset_gateway()
    with clock.frozen_at(T0):
        yield
    reset_gateway()


def _post(client: Client, body: dict[str, Any], language: str = "en") -> Any:
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Accept-Language": language},
    )


@pytest.mark.parametrize(("stage", "outcome", "cause"), OUTCOMES)
def test_each_outcome_for_an_agent_in_both_languages(
    stage: Callable[[], tuple[str, str]],
    outcome: str,
    cause: str,
    api_for,
    agent: User,
    make_customer: Callable[..., Customer],
    make_ticket,
) -> None:
    account_ref, tx_ref = stage()
    customer = make_customer(wallet_account_ref=account_ref)
    make_ticket(requester=customer)
    client = api_for(agent)
    english = _post(client, {"customer": customer.pk, "transaction": tx_ref}, "en")
    chinese = _post(client, {"customer": customer.pk, "transaction": tx_ref}, "zh-hans")
    assert english.status_code == chinese.status_code == 200, english.content
    body = english.json()
    assert (body["outcome"], body["cause"]) == (outcome, cause)
    assert body["transaction"]["ref"] == tx_ref
    assert any(check["state"] == "failed" for check in body["checks"])
    assert body["agent_summary"].startswith(f"{outcome} · {cause}")
    if outcome == "wait":
        assert body["expected_by"] is not None
        assert body["estimate_basis"]
    if outcome == "fixable_now":
        assert body["action"] != "none"
    assert english.json()["explanation"]["title"] != chinese.json()["explanation"]["title"]
    assert chinese.json()["checks"] == body["checks"]  # codes and evidence are not translated


@pytest.mark.parametrize(("stage", "outcome", "cause"), OUTCOMES)
def test_each_outcome_for_the_signed_in_customer(
    stage: Callable[[], tuple[str, str]],
    outcome: str,
    cause: str,
    make_customer: Callable[..., Customer],
) -> None:
    account_ref, tx_ref = stage()
    customer = make_customer(wallet_account_ref=account_ref)
    browser = Client()
    assert (
        browser.post("/login/", {"identifier": customer.email, "password": PASSWORD}).status_code
        == 302
    )
    response = _post(browser, {"transaction": tx_ref})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["cause"]) == (outcome, cause)
    assert body["agent_summary"] is None
    assert body["explanation"]["fix"]


def test_criteria_rank_the_customers_transactions_and_diagnose_the_first(
    api_for, agent: User, make_customer: Callable[..., Customer], make_ticket
) -> None:
    account_ref, tx_ref = staging.issuer_declined()
    customer = make_customer(wallet_account_ref=account_ref)
    make_ticket(requester=customer)
    criteria = {"occurred_at": T0.isoformat(), "amount": "100.00", "currency": "CNY"}
    response = _post(api_for(agent), {"customer": customer.pk, "criteria": criteria})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["candidates"][0]["transaction"]["ref"] == tx_ref
    codes = {reason["code"] for reason in body["candidates"][0]["reasons"]}
    assert "same_amount" in codes
    assert body["transaction"]["ref"] == tx_ref
    assert body["cause"] == "issuer_declined"


def test_coins_sent_to_an_address_that_is_not_ours(
    api_for, agent: User, make_customer: Callable[..., Customer], make_ticket
) -> None:
    customer = make_customer(wallet_account_ref=staging.crypto_account())
    make_ticket(requester=customer)
    criteria = {
        "network": "tron",
        "tx_hash": "ab" * 32,
        "address": "TScammerAddress000000000000000000",
    }
    response = _post(api_for(agent), {"customer": customer.pk, "criteria": criteria})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["cause"]) == ("needs_person", "deposit_address_not_ours")
    assert body["transaction"] is None
    assert body["candidates"] == []


def test_the_risk_rule_stays_with_agents(
    api_for: Callable[..., Client], agent: User, make_customer: Callable[..., Customer], make_ticket
) -> None:
    """Where the risk review starts is not told to the customer: a stolen session must not
    learn how much it can pay without a review."""
    account_ref, tx_ref = staging.risk_hold()
    customer = make_customer(wallet_account_ref=account_ref)
    browser = Client()
    assert (
        browser.post("/login/", {"identifier": customer.email, "password": PASSWORD}).status_code
        == 302
    )
    mine = _post(browser, {"transaction": tx_ref})
    assert mine.status_code == 200, mine.content
    held = {check["code"]: check for check in mine.json()["checks"]}["risk_hold"]
    assert held["state"] == "failed"
    assert "risk_review_threshold" not in held["evidence"]
    assert "first_payment_to_merchant" not in held["evidence"]
    assert "risk_review_threshold" not in mine.content.decode()
    assert mine.json()["outcome"] == "wait"

    make_ticket(requester=customer)
    agents = _post(api_for(agent), {"customer": customer.pk, "transaction": tx_ref})
    checks = {check["code"]: check for check in agents.json()["checks"]}
    assert "risk_review_threshold" in checks["risk_hold"]["evidence"]
