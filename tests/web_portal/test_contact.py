"""Contact support: the intake form that opens a ticket from the portal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web_portal import fakes
from tests.web_portal.conftest import sign_in
from walletdesk.identity.models import Customer
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.tickets.models import Attachment, Ticket
from walletdesk.wallet.gateway import get_gateway

PngFactory = Callable[..., SimpleUploadedFile]


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "problem_type": ProblemType.TOPUP_NOT_CREDITED,
        "subject": "Top-up did not arrive",
        "body": "I topped up 500 CNY with my card at 10:15 and my balance did not change.",
        "steps_tried": "Restarted the app; read the article about pending top-ups.",
        "transaction_ref": "",
    }
    data.update(overrides)
    return data


@pytest.mark.usefixtures("english")
def test_form_offers_every_problem_type_translated(portal_client: Client) -> None:
    response = portal_client.get("/contact/")

    assert response.status_code == 200
    page = response.content.decode()
    for code, label in ProblemType.choices:
        assert f'value="{code}"' in page
        assert str(label) in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_topic_can_be_chosen_by_link(portal_client: Client) -> None:
    page = portal_client.get("/contact/?problem_type=account_frozen").content.decode()

    assert '<option value="account_frozen" selected>' in page


@pytest.mark.usefixtures("english")
def test_contact_creates_a_ticket_with_steps_and_attachment(
    portal_client: Client, customer: Customer, png: PngFactory
) -> None:
    response = portal_client.post("/contact/", _form(attachments=[png("balance.png")]))

    ticket = Ticket.objects.get(requester=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.channel == Channel.PORTAL
    assert ticket.problem_type == ProblemType.TOPUP_NOT_CREDITED
    assert ticket.subject == "Top-up did not arrive"
    assert ticket.steps_tried.startswith("Restarted the app")
    assert ticket.language == "en"
    first = ticket.messages.get()
    assert first.body.startswith("I topped up 500 CNY")
    attachment = first.attachments.get()
    assert (attachment.filename, attachment.content_type) == ("balance.png", "image/png")

    page = portal_client.get(response["Location"]).content.decode()
    assert f"We have received your request {ticket.reference}" in page
    assert ticket.reference.startswith("WD-0")
    assert f"/attachments/{attachment.pk}/" in page


def test_ticket_language_follows_the_page_language(
    portal_client: Client, customer: Customer
) -> None:
    portal_client.post("/contact/", _form())  # no preference sent: the default, Chinese

    assert Ticket.objects.get(requester=customer).language == "zh-hans"


@pytest.mark.usefixtures("english")
def test_exe_disguised_as_png_is_refused_on_the_form(
    portal_client: Client, customer: Customer
) -> None:
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00\x03" + b"\x00" * 64, "image/png")

    response = portal_client.post("/contact/", _form(attachments=[fake]))

    assert response.status_code == 400
    assert "The file photo.png is not an image, PDF, CSV or text file." in response.content.decode()
    assert not Ticket.objects.filter(requester=customer).exists()
    assert not Attachment.objects.exists()
    # What the customer typed is still there to send again.
    assert "Top-up did not arrive" in response.content.decode()


@pytest.mark.usefixtures("english")
def test_at_most_five_attachments(
    portal_client: Client, customer: Customer, png: PngFactory
) -> None:
    files = [png(f"shot{n}.png") for n in range(6)]

    response = portal_client.post("/contact/", _form(attachments=files))

    assert response.status_code == 400
    assert "Attach at most 5 files to one message." in response.content.decode()
    assert not Ticket.objects.filter(requester=customer).exists()


@pytest.mark.usefixtures("english")
def test_required_fields(portal_client: Client, customer: Customer) -> None:
    response = portal_client.post("/contact/", _form(subject="  ", body="", problem_type=""))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"subject", "body", "problem_type"}
    assert not Ticket.objects.filter(requester=customer).exists()


@pytest.mark.usefixtures("english")
def test_transaction_is_picked_from_the_customers_own_recent_ones(
    client: Client, wallet_customer: Customer
) -> None:
    sign_in(client, wallet_customer)
    recent = get_gateway().list_transactions(wallet_customer.wallet_account_ref, limit=5)
    failed = next(tx for tx in recent if tx.failure_code is not None)

    page = client.get("/contact/").content.decode()
    assert f'value="{failed.ref}"' in page
    # Time, amount and how it was paid, as the customer remembers it: never the internal id.
    line = "1 Mar 10:15 · +¥500.00 · Top-up · China Merchants Bank Debit card •••• 4242 · Failed"
    assert f'<option value="{failed.ref}">{line}</option>' in page
    assert f">{failed.ref}<" not in page
    assert "1 Mar 10:10 · −¥20.00 · Payment · Tea House<" in page  # a payment's merchant
    assert "Not listed" in page

    response = client.post(
        "/contact/", _form(problem_type=ProblemType.TRANSACTION_FAILED, transaction_ref=failed.ref)
    )
    assert response.status_code == 302
    assert Ticket.objects.get(requester=wallet_customer).transaction_ref == failed.ref


def test_a_transaction_ref_that_is_not_offered_is_refused(
    client: Client, wallet_customer: Customer
) -> None:
    sign_in(client, wallet_customer)

    response = client.post("/contact/", _form(transaction_ref="tx_of_someone_else"))

    assert response.status_code == 400
    assert "transaction_ref" in response.context["form"].errors
    assert not Ticket.objects.filter(requester=wallet_customer).exists()


def test_no_picker_without_a_wallet(portal_client: Client) -> None:
    page = portal_client.get("/contact/").content.decode()

    assert 'name="transaction_ref"' not in page


def test_a_wallet_that_is_down_does_not_stop_a_request(
    client: Client, wallet_customer: Customer, settings: Any
) -> None:
    sign_in(client, wallet_customer)

    with fakes.installed(fakes.UnavailableGateway, settings):
        page = client.get("/contact/")
        sent = client.post("/contact/", _form())

    assert page.status_code == 200
    assert 'name="transaction_ref"' not in page.content.decode()
    assert sent.status_code == 302


@pytest.mark.usefixtures("english")
def test_a_flood_of_requests_is_stopped_on_the_form(portal_client: Client, customer: Customer):
    from walletdesk.core.ratelimit import TICKETS_PER_REQUESTER

    for n in range(TICKETS_PER_REQUESTER.max_hits):
        assert portal_client.post("/contact/", _form(subject=f"n{n}")).status_code == 302
    response = portal_client.post("/contact/", _form(subject="one too many"))
    assert response.status_code == 429
    assert "You have opened many requests in a short time." in response.content.decode()
    assert 'name="subject"' in response.content.decode()  # the form is still there
    assert Ticket.objects.filter(requester=customer).count() == TICKETS_PER_REQUESTER.max_hits


@pytest.mark.usefixtures("english")
def test_a_second_wallet_stolen_report_joins_the_open_one(portal_client: Client, customer):
    stolen = _form(problem_type=ProblemType.ACCOUNT_STOLEN, subject="My wallet was stolen")
    first = portal_client.post("/contact/", stolen)
    second = portal_client.post("/contact/", {**stolen, "body": "It happened again."})
    ticket = Ticket.objects.get(requester=customer)
    assert first["Location"] == second["Location"] == f"/tickets/{ticket.pk}/"
    assert [m.body for m in ticket.messages.order_by("id")][-1] == "It happened again."
