"""The customer's intake in the portal: pick a topic, answer what the team needs, confirm the
transaction, read the diagnosis, and end it as solved or with a person who already has it all."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.web_portal import intake_stories as stories
from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.identity.models import Customer
from walletdesk.intake.definitions import DEFINITIONS, definition_for
from walletdesk.intake.diagnosis.words import customer_explanation
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.sandbox import chain
from walletdesk.web.portal.intake_flow import stored_diagnosis

LANGUAGES = ["zh-hans", "en"]
PngFactory = Callable[..., SimpleUploadedFile]


@pytest.fixture
def story_customer(make_customer: Callable[..., Customer]) -> Callable[..., Customer]:
    def make(account_ref: str, language: str = "en", email: str = "intake@example.com") -> Customer:
        return make_customer(
            display_name="王小明", email=email, wallet_account_ref=account_ref, language=language
        )

    return make


def _signed_in(client: Client, customer: Customer, language: str = "en") -> Client:
    sign_in(client, customer)
    switch_language(client, language)
    return client


def _page(response: Any) -> str:
    return response.content.decode()


def _token(page: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', page)
    assert found, "the form carries a one-time submission token"
    return found.group(1)


def _submit(client: Client, problem_type: str, **fields: Any) -> Any:
    page = _page(client.get(f"/contact/?problem_type={problem_type}"))
    data = {"happened": "My top-up did not arrive in my balance.", **fields}
    return client.post(
        f"/contact/?problem_type={problem_type}", {"submission": _token(page), **data}
    )


# --- The topic picker and the forms -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_picker_offers_every_topic_the_emergency_first(
    client: Client, customer: Customer, language: str
) -> None:
    page = _page(_signed_in(client, customer, language).get("/contact/"))

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
    response = _signed_in(client, wallet_customer, language).get(url)

    page = _page(response)
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
    page = _page(_signed_in(client, customer).get("/contact/?problem_type=topup_not_credited"))

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
    page = _page(client.get("/contact/"))

    assert 'name="identifier"' in page
    assert 'id="topics"' not in page


# --- Straight to a person -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_topic_without_diagnosis_opens_the_ticket_with_the_files(
    client: Client, customer: Customer, png: PngFactory, language: str
) -> None:
    _signed_in(client, customer, language)
    response = _submit(
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

    page = _page(client.get(response["Location"]))
    assert ticket.reference in page
    assert f"/attachments/{attachment.pk}/" in page


def test_a_refused_file_stops_the_request_before_anything_is_stored(
    client: Client, customer: Customer
) -> None:
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00\x03" + b"\x00" * 64, "image/png")
    _signed_in(client, customer)

    response = _submit(client, ProblemType.OTHER, happened="Look at this.", attachments=[fake])

    assert response.status_code == 400
    assert "The file photo.png is not an image, PDF, CSV or text file." in _page(response)
    assert "Look at this." in _page(response)  # still there to send again
    assert not IntakeRequest.objects.exists()
    assert not Ticket.objects.exists()


def test_a_missing_answer_is_shown_on_its_field(client: Client, customer: Customer) -> None:
    _signed_in(client, customer)

    response = _submit(client, ProblemType.OTHER, happened="  ")

    assert response.status_code == 400
    assert "happened" in response.context["form"].errors
    assert not IntakeRequest.objects.exists()


def test_the_same_form_sent_twice_makes_one_request(client: Client, customer: Customer) -> None:
    _signed_in(client, customer)
    page = _page(client.get("/contact/?problem_type=other"))
    data = {"submission": _token(page), "happened": "Where is my refund?"}

    first = client.post("/contact/?problem_type=other", data)
    second = client.post("/contact/?problem_type=other", data)

    assert first["Location"] == second["Location"]
    assert IntakeRequest.objects.count() == Ticket.objects.count() == 1


# --- Diagnosed: the transaction, the diagnosis, the end -----------------------------------


def _story(
    story_customer: Callable[..., Customer], make: Callable[..., stories.Story], **kw: Any
) -> tuple[stories.Story, Customer]:
    wallet = stories.wallet()
    return make(wallet, **kw), story_customer(wallet.account_ref)


def test_a_picked_transaction_goes_straight_to_its_diagnosis(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = _story(story_customer, stories.topup_declined)
    _signed_in(client, customer)

    response = _submit(client, ProblemType.TOPUP_NOT_CREDITED, transaction=story.transaction.ref)

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
    story, customer = _story(story_customer, stories.topup_timed_out, days_ago=1)
    _signed_in(client, customer, language)

    response = _submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)

    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/transaction/"
    page = _page(client.get(response["Location"]))
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
    story, customer = _story(story_customer, stories.topup_declined)
    _signed_in(client, customer)
    location = _submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    response = client.post(location, {})

    assert response.status_code == 400
    assert "None of these" in _page(response)


def test_none_of_these_without_coins_goes_to_a_person_without_a_transaction(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = _story(story_customer, stories.topup_declined)
    _signed_in(client, customer)
    location = _submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    response = client.post(location, {"transaction": "none"})

    ticket = Ticket.objects.get(requester=customer)
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.transaction_ref == ""
    assert IntakeRequest.objects.get(customer=customer).ticket_id == ticket.pk


@dataclass(frozen=True)
class Diagnosed:
    story: stories.Story
    customer: Customer
    intake: IntakeRequest
    page: str


def _diagnosed(
    client: Client,
    story_customer: Callable[..., Customer],
    make: Callable[..., stories.Story],
    language: str = "en",
    **kw: Any,
) -> Diagnosed:
    """A customer who picked the story's transaction on the form, and their diagnosis page."""
    story, customer = _story(story_customer, make, **kw)
    _signed_in(client, customer, language)
    response = _submit(client, ProblemType.TOPUP_NOT_CREDITED, transaction=story.transaction.ref)
    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return Diagnosed(story, customer, intake, _page(page))


def _checks(page: str) -> dict[str, str]:
    """What the page says of each check: passed, failed or skipped."""
    found = re.findall(r'class="check check-(\w+)" data-check="(\w+)"', page)
    return {code: state for state, code in found}


OUTCOMES = [
    pytest.param(stories.topup_declined, {}, "fixable_now", "issuer", id="declined"),
    pytest.param(stories.usdt_confirming, {}, "wait", "chain_confirmations", id="confirming"),
    pytest.param(
        stories.usdt_wrong_network, {}, "needs_person", "chain_network", id="wrong-network"
    ),
    pytest.param(
        stories.topup_timed_out, {"days_ago": 4}, "needs_person", "network_timeout", id="overdue"
    ),
    pytest.param(stories.topup_succeeded, {}, "no_fault", "", id="succeeded"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("make", "kw", "outcome", "failed"), OUTCOMES)
def test_the_diagnosis_page_per_outcome(
    client: Client,
    story_customer: Callable[..., Customer],
    make: Callable[..., stories.Story],
    kw: dict[str, Any],
    outcome: str,
    failed: str,
    language: str,
) -> None:
    d = _diagnosed(client, story_customer, make, language, **kw)

    assert d.intake.outcome == outcome
    assert f'data-outcome="{outcome}"' in d.page
    with translation.override(language):
        diagnosis = stored_diagnosis(d.intake)
        assert diagnosis is not None
        words = customer_explanation(diagnosis)
        for text in (words.title, words.cause, words.fix):
            assert escape(text) in d.page
        to_payments = gettext("Send it to our payments team")
        assert (to_payments in d.page) == (outcome == "needs_person")
    # The checks, folded away, each in words with its mark.
    assert '<details class="checks" id="diagnosis-checks">' in d.page
    checks = _checks(d.page)
    assert checks, "every diagnosis lists what it checked"
    if failed:
        assert checks[failed] == "failed"
    assert 'id="resolve"' in d.page
    assert 'id="handover"' in d.page
    assert 'name="attachments"' in d.page


def test_a_wait_says_when_in_the_readers_language_and_how_we_know(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.usdt_confirming, "zh-hans")

    expected = d.page.split('id="diagnosis-expected">')[1].split("</p>")[0]
    assert "北京时间" in expected
    assert "How we worked this out" in expected or "估算依据" in expected


@pytest.mark.parametrize(
    ("make", "kw", "link"),
    [
        (stories.topup_declined, {}, "/wallet/#payment-methods"),
        (stories.topup_succeeded, {}, ""),
    ],
)
def test_the_action_is_a_real_link_where_there_is_one(
    client: Client,
    story_customer: Callable[..., Customer],
    make: Callable[..., stories.Story],
    kw: dict[str, Any],
    link: str,
) -> None:
    d = _diagnosed(client, story_customer, make, **kw)

    if link:
        assert f'<a class="btn" href="{link}" id="diagnosis-action">' in d.page
    else:
        assert 'id="diagnosis-action"' not in d.page


# --- Solved, or a person ------------------------------------------------------------------


def test_this_solved_it_thanks_and_opens_no_ticket(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.topup_declined)

    first = client.post(f"/contact/requests/{d.intake.pk}/resolve/")
    again = client.post(f"/contact/requests/{d.intake.pk}/resolve/")

    assert first.status_code == again.status_code == 302
    assert first["Location"] == f"/contact/requests/{d.intake.pk}/"
    d.intake.refresh_from_db()
    assert d.intake.resolved_at is not None
    assert not Ticket.objects.exists()
    thanks = _page(client.get(first["Location"]))
    assert 'id="intake-resolved"' in thanks
    assert 'id="resolve"' not in thanks


@pytest.mark.parametrize("language", LANGUAGES)
def test_send_it_to_the_payments_team_opens_one_ticket_with_everything(
    client: Client, story_customer: Callable[..., Customer], png: PngFactory, language: str
) -> None:
    d = _diagnosed(client, story_customer, stories.usdt_wrong_network, language)
    with translation.override(language):
        assert gettext("Send it to our payments team") in d.page

    first = client.post(
        f"/contact/requests/{d.intake.pk}/handover/", {"attachments": [png("sent.png")]}
    )
    again = client.post(f"/contact/requests/{d.intake.pk}/handover/")

    ticket = Ticket.objects.get(requester=d.customer)
    assert first["Location"] == again["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.transaction_ref == d.story.transaction.ref
    assert ticket.team is not None
    assert ticket.team.code == "payments"
    assert ticket.language == language
    first_message = ticket.messages.order_by("id").first()
    assert first_message is not None
    assert first_message.body.startswith("My top-up did not arrive")
    last = ticket.messages.order_by("id").last()
    assert last is not None
    assert [a.filename for a in last.attachments.all()] == ["sent.png"]
    d.intake.refresh_from_db()
    assert d.intake.ticket_id == ticket.pk
    shown = _page(client.get(first["Location"]))
    with translation.override(language):
        assert ticket.reference in shown
        assert "won&#x27;t need to repeat anything" in shown or "无需" in shown or "不必" in shown
    # The request now lives on the ticket: its pages go there.
    assert client.get(f"/contact/requests/{d.intake.pk}/")["Location"] == f"/tickets/{ticket.pk}/"
    assert client.post(f"/contact/requests/{d.intake.pk}/resolve/")["Location"] == (
        f"/tickets/{ticket.pk}/"
    )


def test_i_still_need_help_hands_over_a_diagnosis_a_person_need_not_finish(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.topup_declined)
    assert "I still need help" in d.page

    response = client.post(f"/contact/requests/{d.intake.pk}/handover/")

    ticket = Ticket.objects.get(requester=d.customer)
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert "won&#x27;t need to repeat anything" in _page(client.get(response["Location"]))


def test_another_customers_request_is_not_found_at_every_step(
    client: Client, story_customer: Callable[..., Customer], make_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.topup_declined)
    stranger = make_customer(email="stranger@example.com")
    other = Client()  # the stranger's own browser
    sign_in(other, stranger)

    base = f"/contact/requests/{d.intake.pk}"
    assert other.get(f"{base}/").status_code == 404
    assert other.get(f"{base}/transaction/").status_code == 404
    assert other.post(f"{base}/transaction/", {"transaction": "none"}).status_code == 404
    assert other.post(f"{base}/resolve/").status_code == 404
    assert other.post(f"{base}/handover/").status_code == 404
    d.intake.refresh_from_db()
    assert d.intake.ticket_id is None
    assert d.intake.resolved_at is None
    assert not Ticket.objects.exists()


def test_signed_out_the_steps_ask_to_sign_in(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.topup_declined)

    anonymous = Client()
    response = anonymous.get(f"/contact/requests/{d.intake.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert anonymous.post(f"/contact/requests/{d.intake.pk}/handover/").status_code == 302
    assert not Ticket.objects.exists()


def test_the_steps_refuse_a_post_without_the_csrf_token(
    story_customer: Callable[..., Customer], client: Client
) -> None:
    d = _diagnosed(client, story_customer, stories.topup_declined)
    strict = Client(enforce_csrf_checks=True)
    name = settings.PORTAL_SESSION_COOKIE_NAME
    strict.cookies[name] = client.cookies[name].value  # the same signed-in browser, no token

    assert strict.post(f"/contact/requests/{d.intake.pk}/handover/").status_code == 403
    assert not Ticket.objects.exists()


def test_the_confirm_page_in_another_browser_offers_the_recent_transactions(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = _story(story_customer, stories.topup_declined)
    _signed_in(client, customer)
    location = _submit(client, ProblemType.TOPUP_NOT_CREDITED, **story.form)["Location"]

    elsewhere = Client()
    sign_in(elsewhere, customer)
    page = _page(elsewhere.get(location))

    assert 'id="no-match"' in page
    assert f'name="transaction" value="{story.transaction.ref}"' in page
    assert 'class="tag"' not in page  # no search ran, so no reasons to give


def test_a_wait_can_be_checked_again_once_the_chain_has_caught_up(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = _diagnosed(client, story_customer, stories.usdt_confirming)
    assert d.intake.outcome == "wait"
    assert 'id="recheck"' in d.page
    tx = d.story.transaction
    assert tx.crypto is not None
    chain.confirm(tx.ref, confirmations=tx.crypto.required_confirmations)

    response = client.post(f"/contact/requests/{d.intake.pk}/recheck/")

    assert response["Location"] == f"/contact/requests/{d.intake.pk}/"
    d.intake.refresh_from_db()
    assert d.intake.outcome == "no_fault"
    assert 'data-outcome="no_fault"' in _page(client.get(response["Location"]))
