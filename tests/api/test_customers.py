"""/api/v1/customers/{id}/: who may see a customer, masking, and the wallet summary."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import error_of
from walletdesk.core import clock
from walletdesk.tickets.choices import ProblemType
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import chain, rails, seeding


def url(customer) -> str:
    return f"/api/v1/customers/{customer.pk}/"


@pytest.fixture
def wallet_ref(db) -> str:
    """A sandbox wallet with a card, a bank account, a top-up, a payment and a USDT deposit."""
    start = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)
    with clock.frozen_at(start):
        account = seeding.open_account("Wang Xiaoming", assets=(Asset.CNY, Asset.USDT))
        card = seeding.add_payment_method(
            account.ref,
            kind=PaymentMethodKind.DEBIT_CARD,
            issuer="China Merchants Bank",
            last4="4242",
            expiry_month=12,
            expiry_year=2099,
        )
        seeding.add_payment_method(
            account.ref, kind=PaymentMethodKind.BANK_ACCOUNT, issuer="Bank of China", last4="0019"
        )
        shop = seeding.add_merchant("Tea House")
    with clock.frozen_at(start + dt.timedelta(minutes=5)):
        rails.top_up(account.ref, Money(123_450, Asset.CNY), payment_method_ref=card.ref, key="t1")
    with clock.frozen_at(start + dt.timedelta(minutes=10)):
        rails.pay(account.ref, Money(2_000, Asset.CNY), merchant_ref=shop.ref, key="p1")
    with clock.frozen_at(start + dt.timedelta(minutes=15)):
        chain.crypto_deposit(
            account.ref,
            Money(5_000_000, Asset.USDT),
            network="tron",
            tx_hash="ab" * 32,
            address="TXYZ",
            key="d1",
        )
    return account.ref


def test_customer_with_wallet(api_for, supervisor, make_customer, wallet_ref):
    customer = make_customer(
        display_name="王小明",
        email="xiaoming@example.com",
        phone="+8613800138000",
        wallet_account_ref=wallet_ref,
    )
    response = api_for(supervisor).get(url(customer))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ref"] == customer.ref
    assert body["display_name"] == "王小明"
    assert body["email"] == "x***@example.com"
    assert body["phone"] == "+86 138****8000"
    assert body["language"] == "zh-hans"
    wallet = body["wallet"]
    assert wallet["account"]["ref"] == wallet_ref
    assert wallet["account"]["status"] == "active"
    assert wallet["account"]["frozen_at"] is None
    assert {"asset": "CNY", "amount_minor": 121_450, "amount": "1214.50"} in wallet["balances"]
    assert {"asset": "USDT", "amount_minor": 0, "amount": "0.000000"} in wallet["balances"]
    numbers = sorted(method["masked_number"] for method in wallet["payment_methods"])
    assert numbers == ["•••• 0019", "•••• 4242"]
    kinds = [tx["kind"] for tx in wallet["recent_transactions"]]
    assert kinds == ["crypto_deposit", "payment", "topup"]
    deposit = wallet["recent_transactions"][0]
    assert deposit["status"] == "pending"
    assert deposit["crypto"]["network"] == "tron"
    assert deposit["crypto"]["confirmations"] == 0
    assert deposit["amount"] == {"asset": "USDT", "amount_minor": 5_000_000, "amount": "5.000000"}
    payment = wallet["recent_transactions"][1]
    assert payment["direction"] == "out"
    assert payment["crypto"] is None
    assert "13800138000" not in response.content.decode()


def test_frozen_account_says_who_when_and_why(api_for, supervisor, make_customer, wallet_ref):
    get_gateway().freeze(wallet_ref, actor="security", reason="Customer reported theft")
    customer = make_customer(wallet_account_ref=wallet_ref)
    account = api_for(supervisor).get(url(customer)).json()["wallet"]["account"]
    assert account["status"] == "frozen"
    assert account["frozen_by"] == "security"
    assert account["frozen_reason"] == "Customer reported theft"
    assert account["frozen_at"] is not None


@pytest.mark.parametrize("ref", ["", "wal_does_not_exist"])
def test_no_wallet_linked_is_null(api_for, supervisor, make_customer, ref):
    customer = make_customer(wallet_account_ref=ref)
    response = api_for(supervisor).get(url(customer))
    assert response.status_code == 200
    assert response.json()["wallet"] is None


def test_agent_sees_a_customer_only_through_a_visible_ticket(
    api_for, agent, make_customer, make_ticket
):
    frontline_customer = make_customer()
    security_customer = make_customer()
    nobody_customer = make_customer()
    make_ticket(requester=frontline_customer, problem_type=ProblemType.TOPUP_NOT_CREDITED)
    make_ticket(requester=security_customer, problem_type=ProblemType.ACCOUNT_STOLEN)
    api = api_for(agent)
    assert api.get(url(frontline_customer)).status_code == 200
    for hidden in (security_customer, nobody_customer):
        response = api.get(url(hidden))
        assert response.status_code == 404
        assert error_of(response)["code"] == "customer_not_found"
    unknown = api.get("/api/v1/customers/999999/")
    assert unknown.status_code == 404
    assert error_of(unknown) == error_of(api.get(url(security_customer)))


def test_security_specialist_sees_the_security_customer(
    api_for, security_specialist, make_customer, make_ticket
):
    customer = make_customer()
    make_ticket(requester=customer, problem_type=ProblemType.ACCOUNT_STOLEN)
    assert api_for(security_specialist).get(url(customer)).status_code == 200


def test_an_unverified_requester_opens_no_wallet(api_for, agent, make_customer, wallet_ref):
    """A ticket from someone who only claims the customer's address lets no agent read the
    customer's summary, and the ticket says its requester is unverified."""
    from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive

    customer = make_customer(email="owner@example.com", wallet_account_ref=wallet_ref)
    claimed = inbound_receive(
        InboundMessage(
            channel="email", sender=Sender.email("owner@example.com"), subject="s", text="t"
        )
    ).ticket
    api = api_for(agent)
    ticket = api.get(f"/api/v1/tickets/{claimed.pk}/")
    assert ticket.status_code == 200
    assert ticket.json()["requester_verified"] is False
    response = api.get(url(customer))
    assert response.status_code == 404
    assert error_of(response)["code"] == "customer_not_found"
    inbound_receive(
        InboundMessage(channel="portal", sender=Sender.signed_in(customer), subject="s", text="t")
    )
    assert api.get(url(customer)).json()["wallet"] is not None
