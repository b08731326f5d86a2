"""Attachments are served to the customer whose conversation they belong to, and nobody else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from tests.web_portal.conftest import TINY_PNG, sign_in
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.models import Attachment, Ticket
from walletdesk.tickets.services import Author, message_add

TicketFactory = Callable[..., Ticket]


def _attachment_of(ticket: Ticket) -> Attachment:
    return Attachment.objects.get(message__ticket=ticket)


def test_owner_downloads_with_safe_headers(
    portal_client: Client, customer: Customer, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer, uploads=[Upload("收据 receipt.png", TINY_PNG)])
    attachment = _attachment_of(ticket)

    response = portal_client.get(f"/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PNG  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "receipt.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_someone_elses_attachment_is_not_found(
    client: Client, make_customer: Callable[..., Customer], make_ticket: TicketFactory
) -> None:
    owner, stranger = make_customer(), make_customer()
    attachment = _attachment_of(make_ticket(requester=owner, uploads=[Upload("a.png", TINY_PNG)]))
    sign_in(client, stranger)

    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client.get("/attachments/999999/").status_code == 404


def test_attachments_need_a_portal_session(client: Client, make_ticket: TicketFactory) -> None:
    attachment = _attachment_of(make_ticket(uploads=[Upload("a.png", TINY_PNG)]))

    response = client.get(f"/attachments/{attachment.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_attachment_of_an_internal_note_is_not_served(
    portal_client: Client, customer: Customer, agent: User, make_ticket: TicketFactory
) -> None:
    ticket = make_ticket(requester=customer)
    note = message_add(
        ticket=ticket,
        author=Author(user=agent),
        body="Evidence for the team",
        kind=MessageKind.NOTE,
        uploads=[Upload("internal.png", TINY_PNG)],
    )

    response = portal_client.get(f"/attachments/{note.attachments.get().pk}/")

    assert response.status_code == 404


def test_missing_file_is_a_404_not_a_500(
    portal_client: Client, customer: Customer, make_ticket: TicketFactory, settings: Any
) -> None:
    attachment = _attachment_of(
        make_ticket(requester=customer, uploads=[Upload("a.png", TINY_PNG)])
    )
    attachment.file.storage.delete(attachment.file.name)

    assert portal_client.get(f"/attachments/{attachment.pk}/").status_code == 404
