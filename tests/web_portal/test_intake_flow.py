"""The customer's intake in the portal: pick a topic, answer what the team needs, confirm the
transaction, read the diagnosis, and end it as solved or with a person who already has it all."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from tests.web_portal import intake_stories as stories
from tests.web_portal.conftest import sign_in, switch_language
from tests.web_portal.intake_steps import (
    LANGUAGES,
    checks_on,
    page_of,
    signed_in_as,
    story_for,
    submit,
    token_of,
)
from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.intake.definitions import DEFINITIONS, definition_for
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.contracts import Asset
from walletdesk.wallet.sandbox import seeding
from walletdesk.web.portal.wallet_text import BEIJING

PngFactory = Callable[..., SimpleUploadedFile]
NOT_OURS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # a valid TRON address, not this wallet's


# --- The topic picker and the forms -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_picker_offers_every_topic_the_emergency_first(
    client: Client, customer: Customer, language: str
) -> None:
    page = page_of(signed_in_as(client, customer, language).get("/contact/"))

    links = re.findall(r'href="/contact/\?problem_type=(\w+)"', page)
    assert links[0] == ProblemType.ACCOUNT_STOLEN
    assert sorted(links) == sorted(ProblemType.values)
    with translation.override(language):
        for _code, label in ProblemType.choices:
            assert str(label) in page
    # The stolen wallet points at the freeze, which needs no form at all.
    assert 'id="topic-freeze"' in page
    assert 'href="/security/freeze/"' in page
    assert "<form" not in page.split('id="topics"')[1].split("</ul>")[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("problem_type", ProblemType.values)
def test_every_topic_has_its_form_in_both_languages(
    client: Client, wallet_customer: Customer, language: str, problem_type: str
) -> None:
    """Signed in with a wallet: every field of the definition, their own transactions and
    payment methods in the pickers."""
    url = f"/contact/?problem_type={problem_type}"
    response = signed_in_as(client, wallet_customer, language).get(url)

    page = page_of(response)
    assert response.status_code == 200
    definition = definition_for(problem_type)
    with translation.override(language):
        assert str(definition.intro) in page
        assert str(ProblemType(problem_type).label) in page
        for field in definition.fields_for(signed_in=True):
            assert f'name="{field.name}"' in page
            assert str(field.label) in page
    assert 'name="identifier"' not in page  # signed in: we know who they are
    assert 'name="subject"' not in page  # the handover writes the subject
    assert "csrfmiddlewaretoken" in page
    assert 'enctype="multipart/form-data"' in page
    crypto = any(f.crypto_only for f in definition.fields)
    assert ("data-crypto-only" in page) == crypto
    # Files go with the request itself, or at the step where a diagnosed one goes to a person.
    assert ('name="attachments"' in page) == (not definition.diagnosable)


def test_definitions_cover_every_topic() -> None:
    assert set(DEFINITIONS) == set(ProblemType.values)


def test_crypto_fields_are_shown_without_script_and_marked_optional(
    client: Client, customer: Customer
) -> None:
    page = page_of(signed_in_as(client, customer).get("/contact/?problem_type=topup_not_credited"))

    crypto = page.split("data-crypto-only")[1].split("</fieldset>")[0]
    assert "Only for digital assets (USDT, BTC)" in crypto
    assert " hidden" not in crypto.split(">")[0]
    for name in ("network", "tx_hash", "address"):
        assert f'name="{name}"' in crypto
    assert crypto.count("(optional)") == 3


def test_signed_out_contact_is_still_the_help_for_those_who_cannot_sign_in(
    client: Client, db: None
) -> None:
    switch_language(client, "en")
    page = page_of(client.get("/contact/"))

    assert 'name="identifier"' in page
    assert 'id="topics"' not in page


# --- Straight to a person -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_topic_without_diagnosis_opens_the_ticket_with_the_files(
    client: Client, customer: Customer, png: PngFactory, language: str
) -> None:
    signed_in_as(client, customer, language)
    response = submit(
        client,
        ProblemType.ACCOUNT_FROZEN,
        happened="I cannot pay anything since this morning.",
        tried="Signed out and in again.",
        attachments=[png("frozen.png")],
    )

    ticket = Ticket.objects.get(requester=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.problem_type == ProblemType.ACCOUNT_FROZEN
    assert ticket.language == language
    assert ticket.subject  # written by the handover, not asked
    assert ticket.steps_tried.startswith("Signed out and in again.")
    bodies = list(ticket.messages.order_by("id").values_list("body", flat=True))
    assert bodies[0].startswith("I cannot pay anything")
    last = ticket.messages.order_by("id").last()
    assert last is not None
    attachment = last.attachments.get()
    assert attachment.filename == "frozen.png"
    intake = IntakeRequest.objects.get(customer=customer)
    assert intake.ticket_id == ticket.pk

    page = page_of(client.get(response["Location"]))
    assert ticket.reference in page
    assert f"/attachments/{attachment.pk}/" in page


def test_a_refused_file_stops_the_request_before_anything_is_stored(
    client: Client, customer: Customer
) -> None:
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00\x03" + b"\x00" * 64, "image/png")
    signed_in_as(client, customer)

    response = submit(client, ProblemType.OTHER, happened="Look at this.", attachments=[fake])

    assert response.status_code == 400
    assert "The file photo.png is not an image, PDF, CSV or text file." in page_of(response)
    assert "Look at this." in page_of(response)  # still there to send again
    assert not IntakeRequest.objects.exists()
    assert not Ticket.objects.exists()


def test_a_missing_answer_is_shown_on_its_field(client: Client, customer: Customer) -> None:
    signed_in_as(client, customer)

    response = submit(client, ProblemType.OTHER, happened="  ")

    assert response.status_code == 400
    assert "happened" in response.context["form"].errors
    assert not IntakeRequest.objects.exists()


def test_the_same_form_sent_twice_makes_one_request(client: Client, customer: Customer) -> None:
    signed_in_as(client, customer)
    page = page_of(client.get("/contact/?problem_type=other"))
    data = {"submission": token_of(page), "happened": "Where is my refund?"}

    first = client.post("/contact/?problem_type=other", data)
    second = client.post("/contact/?problem_type=other", data)

    assert first["Location"] == second["Location"]
    assert IntakeRequest.objects.count() == Ticket.objects.count() == 1


# --- Diagnosed: the transaction, the diagnosis, the end -----------------------------------


def test_a_picked_transaction_goes_straight_to_its_diagnosis(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = story_for(story_customer, stories.topup_declined)
    signed_in_as(client, customer)

    response = submit(client, ProblemType.TOPUP_NOT_CREDITED, transaction=story.transaction.ref)

    intake = IntakeRequest.objects.get(customer=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    assert intake.transaction_ref == story.transaction.ref
    assert intake.diagnosis is not None
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirm_page_lists_the_candidates_with_their_reasons(
    client: Client, story_customer: Callable[..., Customer], language: str
) -> None:
    story, customer = story_for(story_customer, stories.topup_timed_out, days_ago=1)
    signed_in_as(client, customer, language)

    response = submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)

    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/transaction/"
    page = page_of(client.get(response["Location"]))
    assert f'name="transaction" value="{story.transaction.ref}"' in page
    assert 'name="transaction" value="none"' in page
    with translation.override(language):
        assert "¥500.00" in page
        assert "China Merchants Bank" in page
        assert page.count('class="tag"') >= 2  # why it is offered: same amount, close in time
    assert story.transaction.ref not in page.replace(f'value="{story.transaction.ref}"', "")

    confirmed = client.post(response["Location"], {"transaction": story.transaction.ref})
    assert confirmed["Location"] == f"/contact/requests/{intake.pk}/"
    intake.refresh_from_db()
    assert intake.transaction_ref == story.transaction.ref


def test_the_confirm_page_wants_a_choice(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = story_for(story_customer, stories.topup_declined)
    signed_in_as(client, customer)
    location = submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    response = client.post(location, {})

    assert response.status_code == 400
    assert "None of these" in page_of(response)


def test_none_of_these_without_coins_goes_to_a_person_without_a_transaction(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = story_for(story_customer, stories.topup_declined)
    signed_in_as(client, customer)
    location = submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    response = client.post(location, {"transaction": "none"})

    ticket = Ticket.objects.get(requester=customer)
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.transaction_ref == ""
    assert IntakeRequest.objects.get(customer=customer).ticket_id == ticket.pk


def test_the_confirm_page_in_another_browser_offers_the_recent_transactions(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = story_for(story_customer, stories.topup_declined)
    signed_in_as(client, customer)
    location = submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    elsewhere = Client()
    sign_in(elsewhere, customer)
    page = page_of(elsewhere.get(location))

    assert 'id="no-match"' in page
    assert f'name="transaction" value="{story.transaction.ref}"' in page
    assert 'class="tag"' not in page  # no search ran, so no reasons to give


def test_none_of_these_for_coins_checks_where_they_were_sent(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    wallet = stories.wallet()
    seeding.add_deposit_address(
        wallet.account_ref, asset=Asset.USDT, network="tron", address=stories.TRON_ADDRESS
    )
    customer = story_customer(wallet.account_ref)
    signed_in_as(client, customer)
    yesterday = (clock.now() - dt.timedelta(days=1)).astimezone(BEIJING)
    sent = {
        "occurred_at": yesterday.strftime("%Y-%m-%dT%H:%M"),
        "amount": "80",
        "currency": "USDT",
        "network": "tron",
        "tx_hash": stories.TRON_HASH,
        "address": NOT_OURS,
    }
    location = submit(client, ProblemType.TOPUP_NOT_CREDITED, **sent)["Location"]
    page = page_of(client.get(location))
    assert 'id="no-match"' in page
    assert "We check the address and network you sent the coins to." in page

    response = client.post(location, {"transaction": "none"})

    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    assert intake.cause == "deposit_address_not_ours"
    assert intake.transaction_ref == ""
    shown = page_of(client.get(response["Location"]))
    assert 'data-outcome="needs_person"' in shown
    assert checks_on(shown)["deposit_address"] == "failed"
    assert not Ticket.objects.exists()  # not until they send it to the team


def test_none_of_these_for_coins_given_by_hash_alone_is_not_seen_not_a_scam(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    wallet = stories.wallet()
    customer = story_customer(wallet.account_ref)
    signed_in_as(client, customer)
    sent = {"currency": "USDT", "network": "tron", "tx_hash": stories.TRON_HASH}
    location = submit(client, ProblemType.TOPUP_NOT_CREDITED, **sent)["Location"]

    response = client.post(location, {"transaction": "none"})

    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    assert intake.cause == "transaction_not_found"
    shown = page_of(client.get(response["Location"]))
    assert "We have not seen this deposit yet" in shown
    assert "That is not your deposit address" not in shown
    assert "it may be a scam" not in shown
