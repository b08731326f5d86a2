"""Regressions for findings of the security review: each of these once failed."""

from __future__ import annotations

import pytest
from django.test import Client

from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.identifiers import rate_subject_text
from walletdesk.tickets.attachments import Upload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_admin_login_goes_through_the_rate_limited_console_sign_in(client: Client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/console/login/?next=/admin/"


@pytest.mark.parametrize("query", ["?q=WD-%C2%B2", "?q=%C2%B2", "?assignee=%C2%B2"])
def test_unicode_digits_in_inbox_filters_are_not_a_500(client: Client, supervisor, query):
    client.force_login(supervisor)
    assert client.get(f"/console/{query}").status_code == 200


def test_unicode_digits_in_the_panel_parameter_are_not_a_500(
    client: Client, supervisor, make_ticket
):
    ticket = make_ticket()
    client.force_login(supervisor)
    url = f"/console/customers/{ticket.requester_id}/panel/?ticket=%C2%B2"
    assert client.get(url).status_code == 200


def test_a_missing_attachment_file_is_a_404_in_the_console(client: Client, supervisor, make_ticket):
    ticket = make_ticket(uploads=[Upload("receipt.png", PNG)])
    attachment = ticket.messages.get().attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(supervisor)
    assert client.get(f"/console/attachments/{attachment.pk}/").status_code == 404


def test_a_race_on_the_same_external_thread_joins_the_winner(customer, monkeypatch):
    """Two first messages of one new thread at once: the loser's look-up saw no thread, its
    insert collides, and it retries into the winner's ticket instead of failing."""
    from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive, service
    from walletdesk.tickets.models import Ticket

    def delivery(text: str) -> InboundMessage:
        return InboundMessage(
            channel="email",
            sender=Sender.signed_in(customer),
            subject="a",
            text=text,
            external_thread_id="<m1@example.com>",
        )

    winner = inbound_receive(delivery("first"))
    real_thread_ids = service._thread_ids
    calls = []

    def blind_once(message):
        calls.append(message)
        return [] if len(calls) == 1 else real_thread_ids(message)

    monkeypatch.setattr(service, "_thread_ids", blind_once)
    loser = inbound_receive(delivery("second"))
    assert len(calls) == 2
    assert loser.ticket == winner.ticket
    assert not loser.ticket_created
    assert Ticket.objects.count() == 1
    assert [m.body for m in winner.ticket.messages.order_by("id")] == ["first", "second"]


def test_phone_spellings_share_one_sign_in_counter():
    spellings = ["13800138000", "+86 138 0013 8000", "008613800138000", "+86-138-0013-8000"]
    assert {rate_subject_text(s) for s in spellings} == {"phone:+8613800138000"}
    assert rate_subject_text(" Demo@WalletDesk.Example ") == "email:demo@walletdesk.example"


def test_portal_sign_in_limit_counts_every_spelling_of_a_phone(client: Client, make_customer):
    make_customer(phone="+8613800138000", email=None)
    spellings = ["13800138000", "+8613800138000", "008613800138000"]
    codes = [
        client.post("/login/", {"identifier": spellings[i % 3], "password": "wrong"}).status_code
        for i in range(12)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10:] == [RateLimited.status] * 2


def test_portal_sign_in_rotates_the_csrf_token(make_customer):
    from tests.conftest import PASSWORD

    make_customer(email="rotate@example.com")
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    before = client.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {"identifier": "rotate@example.com", "password": PASSWORD, "csrfmiddlewaretoken": before},
    )
    assert response.status_code == 302
    assert client.cookies["csrftoken"].value != before
