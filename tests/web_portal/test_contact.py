"""Contact support: the intake form as the wallet, the limits and the ticket service see it
(the steps after the form: tests/web_portal/test_intake_flow.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web_portal import fakes
from tests.web_portal.conftest import sign_in
from walletdesk.identity.models import Customer
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Attachment, Ticket
from walletdesk.wallet.gateway import get_gateway

PngFactory = Callable[..., SimpleUploadedFile]


def _post(client: Client, problem_type: str = ProblemType.OTHER, **fields: Any) -> Any:
    data = {"happened": "I topped up 500 CNY and my balance did not change.", **fields}
    return client.post(f"/contact/?problem_type={problem_type}", data)


def test_a_topic_can_be_chosen_by_link(portal_client: Client) -> None:
    page = portal_client.get("/contact/?problem_type=account_frozen").content.decode()

    assert 'action="/contact/?problem_type=account_frozen"' in page
    assert 'id="topics"' not in page


def test_an_unknown_topic_shows_the_picker(portal_client: Client) -> None:
    page = portal_client.get("/contact/?problem_type=nonsense").content.decode()

    assert 'id="topics"' in page


def test_the_ticket_language_follows_the_page_language(
    portal_client: Client, customer: Customer
) -> None:
    _post(portal_client)  # no preference sent: the default, Chinese

    assert Ticket.objects.get(requester=customer).language == "zh-hans"


@pytest.mark.usefixtures("english")
def test_at_most_five_attachments(
    portal_client: Client, customer: Customer, png: PngFactory
) -> None:
    files = [png(f"shot{n}.png") for n in range(6)]

    response = _post(portal_client, attachments=files)

    assert response.status_code == 400
    assert "Attach at most 5 files to one message." in response.content.decode()
    assert not Ticket.objects.filter(requester=customer).exists()


@pytest.mark.usefixtures("english")
def test_the_transaction_is_picked_from_the_customers_own_recent_ones(
    client: Client, wallet_customer: Customer
) -> None:
    sign_in(client, wallet_customer)
    recent = get_gateway().list_transactions(wallet_customer.wallet_account_ref, limit=5)
    failed = next(tx for tx in recent if tx.failure_code is not None)

    page = client.get("/contact/?problem_type=transaction_failed").content.decode()
    # Time, amount and how it was paid, as the customer remembers it: never the internal id.
    line = "1 Mar 10:15 · +¥500.00 · Top-up · China Merchants Bank debit card •••• 4242 · Failed"
    assert f'<option value="{failed.ref}">{line}</option>' in page
    assert f">{failed.ref}<" not in page
    assert "1 Mar 10:10 · −¥20.00 · Payment · Tea House<" in page  # a payment's merchant

    response = _post(client, ProblemType.TRANSACTION_FAILED, transaction=failed.ref)
    intake = IntakeRequest.objects.get(customer=wallet_customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    assert intake.transaction_ref == failed.ref


def test_a_transaction_that_is_not_offered_is_refused(
    client: Client, wallet_customer: Customer
) -> None:
    sign_in(client, wallet_customer)

    response = _post(client, ProblemType.TRANSACTION_FAILED, transaction="tx_of_someone_else")

    assert response.status_code == 400
    assert "transaction" in response.context["form"].errors
    assert not IntakeRequest.objects.exists()


def test_no_picker_without_a_wallet(portal_client: Client) -> None:
    page = portal_client.get("/contact/?problem_type=transaction_failed").content.decode()

    assert 'name="transaction"' not in page


def test_a_wallet_that_is_down_does_not_stop_a_request(
    client: Client, wallet_customer: Customer, settings: Any
) -> None:
    sign_in(client, wallet_customer)

    with fakes.installed(fakes.UnavailableGateway, settings):
        page = client.get("/contact/?problem_type=topup_not_credited")
        sent = _post(client, ProblemType.TOPUP_NOT_CREDITED)
        confirm = client.get(sent["Location"])
        handed_over = client.post(sent["Location"], {"transaction": "none"})

    assert page.status_code == 200
    assert 'name="transaction"' not in page.content.decode()
    assert confirm.status_code == 200
    ticket = Ticket.objects.get(requester=wallet_customer)
    assert handed_over["Location"] == f"/tickets/{ticket.pk}/"


@pytest.mark.usefixtures("english")
def test_a_flood_of_requests_is_stopped_on_the_form(
    portal_client: Client, customer: Customer
) -> None:
    from walletdesk.core.ratelimit import TICKETS_PER_REQUESTER

    for n in range(TICKETS_PER_REQUESTER.max_hits):
        assert _post(portal_client, happened=f"Request {n}").status_code == 302
    response = _post(portal_client, happened="One too many")
    assert response.status_code == 429
    assert "You have opened many requests in a short time." in response.content.decode()
    assert 'name="happened"' in response.content.decode()  # the form is still there
    assert Ticket.objects.filter(requester=customer).count() == TICKETS_PER_REQUESTER.max_hits


@pytest.mark.usefixtures("english")
def test_a_second_wallet_stolen_report_joins_the_open_one(
    portal_client: Client, customer: Customer
) -> None:
    stolen = {"noticed_at": "2026-03-01T10:00"}
    first = _post(portal_client, ProblemType.ACCOUNT_STOLEN, **stolen)
    second = _post(portal_client, ProblemType.ACCOUNT_STOLEN, **stolen, happened="Again.")

    ticket = Ticket.objects.get(requester=customer)
    assert first["Location"] == second["Location"] == f"/tickets/{ticket.pk}/"
    assert [m.body for m in ticket.messages.order_by("id")][-1] == "Again."


@pytest.mark.usefixtures("english")
def test_the_files_of_a_second_report_reach_the_ticket_it_joins(
    portal_client: Client, customer: Customer, png: PngFactory
) -> None:
    stolen = {"noticed_at": "2026-03-01T10:00"}
    _post(portal_client, ProblemType.ACCOUNT_STOLEN, **stolen)
    second = _post(
        portal_client,
        ProblemType.ACCOUNT_STOLEN,
        **stolen,
        happened="Here is the message they sent me.",
        attachments=[png("scam.png")],
    )

    ticket = Ticket.objects.get(requester=customer)
    assert second["Location"] == f"/tickets/{ticket.pk}/"
    kept = Attachment.objects.filter(message__ticket=ticket)
    assert [a.filename for a in kept] == ["scam.png"]
