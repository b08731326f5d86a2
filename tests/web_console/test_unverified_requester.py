"""A sender matched to a customer only by what a channel claims sees none of their account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from walletdesk.identity.models import Customer, User
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db

BALANCE = "12,345.00 CNY"


def _claimed(customer: Customer, **kwargs: str) -> Ticket:
    """An email from the customer's address that nothing proved came from them."""
    message = InboundMessage(
        channel="email",
        sender=Sender.email(customer.email or ""),
        subject="Please check my balance",
        text="What is my balance and which card is on file?",
        **kwargs,
    )
    ticket = inbound_receive(message).ticket
    assert ticket.requester == customer
    assert not ticket.requester_verified
    return ticket


def test_the_ticket_page_shows_no_wallet_for_an_unverified_requester(
    login_as, agent: User, supervisor: User, wallet_customer: Customer
) -> None:
    declined = get_gateway().list_transactions(wallet_customer.wallet_account_ref, limit=1)[0]
    ticket = _claimed(wallet_customer, transaction_ref=declined.ref)
    for viewer in (agent, supervisor):
        response = login_as(viewer).get(reverse("console:ticket", args=[ticket.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "What is my balance" in html  # the page itself works
        assert 'id="customer-panel"' not in html
        assert BALANCE not in html
        assert "4242" not in html
        assert "500.00 CNY" not in html  # the matched transaction is not read either


def test_the_panel_url_is_not_found_for_an_agent_with_only_unverified_tickets(
    login_as, agent: User, wallet_customer: Customer
) -> None:
    ticket = _claimed(wallet_customer)
    response = login_as(agent).get(
        reverse("console:customer-panel", args=[wallet_customer.pk]), {"ticket": str(ticket.pk)}
    )
    assert response.status_code == 404
    assert BALANCE not in response.content.decode()


def test_a_verified_ticket_of_the_same_customer_still_shows_the_wallet(
    login_as, agent: User, wallet_customer: Customer
) -> None:
    _claimed(wallet_customer)
    proven = inbound_receive(
        InboundMessage(
            channel="portal", sender=Sender.signed_in(wallet_customer), subject="s", text="t"
        )
    ).ticket
    html = login_as(agent).get(reverse("console:ticket", args=[proven.pk])).content.decode()
    assert 'id="customer-panel"' in html
    assert BALANCE in html


def test_the_agent_is_told_the_requester_and_the_sender_are_unverified(
    login_as, agent: User, wallet_customer: Customer
) -> None:
    ticket = _claimed(wallet_customer)
    console = login_as(agent)
    console.cookies["wd_lang"] = "en"
    html = console.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert "Unverified: matched only by the address they wrote from" in html
    assert "Unverified sender" in html


def test_a_request_taken_down_by_an_agent_says_who_recorded_it(
    login_as, agent: User, wallet_customer: Customer
) -> None:
    ticket = inbound_receive(
        InboundMessage(
            channel="phone",
            sender=Sender.signed_in(wallet_customer),
            recorded_by=agent,
            subject="Call about a top-up",
            text="My top-up of 500 CNY has not arrived.",
        )
    ).ticket
    console = login_as(agent)
    console.cookies["wd_lang"] = "en"
    html = console.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert f"recorded by {agent}" in html
    assert "Unverified" not in html
