"""A message that only claims a customer's address is not shown to that customer as one of
their own requests: it may be a forger's phishing dressed up as support."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
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
    def forged() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            _forged(customer)

    def real() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            inbound_receive(
                InboundMessage(
                    channel="portal",
                    sender=Sender.signed_in(customer),
                    subject="My top-up",
                    text="It has not arrived.",
                )
            )

    async def heard_after(layer, name: str, write) -> int:
        await sync_to_async(write)()
        try:
            await asyncio.wait_for(layer.receive(name), timeout=1)
        except TimeoutError:
            return 0
        return 1

    async def scenario() -> tuple[int, int]:
        layer = get_channel_layer()
        group = f"customer.{customer.pk}"
        name = await layer.new_channel()
        await layer.group_add(group, name)
        try:
            return (await heard_after(layer, name, forged), await heard_after(layer, name, real))
        finally:
            await layer.group_discard(group, name)

    # The forged ticket reaches no socket of the customer's; their own request does.
    assert async_to_sync(scenario)() == (0, 1)
