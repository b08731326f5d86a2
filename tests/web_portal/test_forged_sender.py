"""A message that only claims a customer's address is not shown to that customer as one of
their own requests: it may be a forger's phishing dressed up as support."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse

from walletdesk.identity.models import Customer
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive

pytestmark = pytest.mark.django_db

BAIT = "Confirm your recovery phrase at https://evil.example"


def _forged(customer: Customer):
    return inbound_receive(
        InboundMessage(
            channel="email",
            sender=Sender.email((customer.email or "").upper()),
            subject="Security notice",
            text=BAIT,
        )
    ).ticket


def test_the_claimed_customer_does_not_see_a_forged_ticket(portal_client: Client, customer):
    ticket = _forged(customer)
    assert ticket.requester == customer
    assert not ticket.requester_verified
    listing = portal_client.get(reverse("portal:tickets"))
    assert listing.status_code == 200
    assert "Security notice" not in listing.content.decode()
    detail = portal_client.get(reverse("portal:ticket", args=[ticket.pk]))
    assert detail.status_code == 404
    assert BAIT not in detail.content.decode()


def test_the_claimed_customer_hears_nothing_of_it_on_their_socket(
    customer, django_capture_on_commit_callbacks
):
    import asyncio

    layer = get_channel_layer()
    group = f"customer.{customer.pk}"
    name = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, name)

    async def pending() -> int:
        try:
            await asyncio.wait_for(layer.receive(name), timeout=1)
        except TimeoutError:
            return 0
        return 1

    with django_capture_on_commit_callbacks(execute=True):
        _forged(customer)
    assert async_to_sync(pending)() == 0
    with django_capture_on_commit_callbacks(execute=True):
        inbound_receive(
            InboundMessage(
                channel="portal",
                sender=Sender.signed_in(customer),
                subject="My top-up",
                text="It has not arrived.",
            )
        )
    assert async_to_sync(pending)() == 1  # the same socket hears the customer's own request
    async_to_sync(layer.group_discard)(group, name)
