"""What `make run` lets a person walk: the demo customer frozen from the portal with the code in
var/outbox, then `security` asks for the unfreeze and `supervisor` approves it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.freeze.conftest import code_sent_to, console_client_with
from walletdesk.demo.people import CONSOLE_USERS
from walletdesk.identity.models import Customer, User
from walletdesk.security.models import UnfreezeRequest
from walletdesk.wallet.gateway import get_gateway

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_keep_outbox_rows")]


def test_the_demo_customer_is_frozen_and_unfrozen_by_the_demo_users(client: BrowserClient) -> None:
    call_command("seed_demo", verbosity=0)
    demo = Customer.objects.get(email="demo@walletdesk.example")
    passwords = {user.username: user.password for user in CONSOLE_USERS}

    sent = client.post("/security/freeze/", {"step": "address", "identifier": demo.email})
    token = sent.context["form"].initial["token"]
    code = code_sent_to(demo.email or "")
    assert (
        client.post("/security/freeze/", {"step": "code", "token": token, "code": code}).status_code
        == 302
    )
    assert get_gateway().get_account(demo.wallet_account_ref).is_frozen

    security = console_client_with(User.objects.get(username="security"), passwords["security"])
    panel = security.get(reverse("console:customer-panel", args=[demo.pk])).content.decode()
    assert reverse("console:customer-unfreeze", args=[demo.pk]) in panel
    security.post(
        reverse("console:customer-unfreeze", args=[demo.pk]),
        {"verification": "video_call", "note": "Video call.", "reason": "Phone found."},
    )
    request = UnfreezeRequest.objects.get()

    supervisor = console_client_with(
        User.objects.get(username="supervisor"), passwords["supervisor"]
    )
    supervisor.post(reverse("console:approval-approve", args=[request.pk]))
    assert not get_gateway().get_account(demo.wallet_account_ref).is_frozen
