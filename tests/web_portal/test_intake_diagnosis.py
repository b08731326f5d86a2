"""The diagnosis page and the end of an intake: the cause and the fix in words, what was
checked, the action, then solved or sent to a person who already has it all — the customer's
own request only."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.web_portal import intake_stories as stories
from tests.web_portal.conftest import sign_in
from tests.web_portal.intake_steps import (
    LANGUAGES,
    checks_on,
    diagnosed,
    page_of,
)
from walletdesk.identity.models import Customer
from walletdesk.intake.diagnosis.words import customer_explanation
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.sandbox import chain
from walletdesk.web.portal.intake_flow import stored_diagnosis

PngFactory = Callable[..., SimpleUploadedFile]


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
    d = diagnosed(client, story_customer, make, language, **kw)

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
    checks = checks_on(d.page)
    assert checks, "every diagnosis lists what it checked"
    if failed:
        assert checks[failed] == "failed"
    assert 'id="resolve"' in d.page
    assert 'id="handover"' in d.page
    assert 'name="attachments"' in d.page


def test_a_wait_says_when_in_the_readers_language_and_how_we_know(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = diagnosed(client, story_customer, stories.usdt_confirming, "zh-hans")

    expected = d.page.split('id="diagnosis-expected">')[1].split("</p>")[0]
    assert "北京时间" in expected
    basis = expected.split('id="diagnosis-basis">')[1].split("</span>")[0]
    assert "确认" in basis
    assert "区块" in basis
    assert not re.search(r"[A-Za-z]{3,}", basis), basis  # no untranslated technical line


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
    d = diagnosed(client, story_customer, make, **kw)

    if link:
        assert f'<a class="btn" href="{link}" id="diagnosis-action">' in d.page
    else:
        assert 'id="diagnosis-action"' not in d.page


# --- Solved, or a person ------------------------------------------------------------------


def test_this_solved_it_thanks_and_opens_no_ticket(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = diagnosed(client, story_customer, stories.topup_declined)

    first = client.post(f"/contact/requests/{d.intake.pk}/resolve/")
    again = client.post(f"/contact/requests/{d.intake.pk}/resolve/")

    assert first.status_code == again.status_code == 302
    assert first["Location"] == f"/contact/requests/{d.intake.pk}/"
    d.intake.refresh_from_db()
    assert d.intake.resolved_at is not None
    assert not Ticket.objects.exists()
    thanks = page_of(client.get(first["Location"]))
    assert 'id="intake-resolved"' in thanks
    assert 'id="resolve"' not in thanks


@pytest.mark.parametrize("language", LANGUAGES)
def test_send_it_to_the_payments_team_opens_one_ticket_with_everything(
    client: Client, story_customer: Callable[..., Customer], png: PngFactory, language: str
) -> None:
    d = diagnosed(client, story_customer, stories.usdt_wrong_network, language)
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
    shown = page_of(client.get(first["Location"]))
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
    d = diagnosed(client, story_customer, stories.topup_declined)
    assert "I still need help" in d.page

    response = client.post(f"/contact/requests/{d.intake.pk}/handover/")

    ticket = Ticket.objects.get(requester=d.customer)
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert "won&#x27;t need to repeat anything" in page_of(client.get(response["Location"]))


def test_another_customers_request_is_not_found_at_every_step(
    client: Client, story_customer: Callable[..., Customer], make_customer: Callable[..., Customer]
) -> None:
    d = diagnosed(client, story_customer, stories.topup_declined)
    stranger = make_customer(email="stranger@example.com")
    other = Client()  # the stranger's own browser
    sign_in(other, stranger)

    base = f"/contact/requests/{d.intake.pk}"
    assert other.get(f"{base}/").status_code == 404
    assert other.get(f"{base}/transaction/").status_code == 404
    assert other.post(f"{base}/transaction/", {"transaction": "none"}).status_code == 404
    assert other.post(f"{base}/resolve/").status_code == 404
    assert other.post(f"{base}/recheck/").status_code == 404
    assert other.post(f"{base}/handover/").status_code == 404
    d.intake.refresh_from_db()
    assert d.intake.ticket_id is None
    assert d.intake.resolved_at is None
    assert not Ticket.objects.exists()


def test_signed_out_the_steps_ask_to_sign_in(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = diagnosed(client, story_customer, stories.topup_declined)

    anonymous = Client()
    response = anonymous.get(f"/contact/requests/{d.intake.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert anonymous.post(f"/contact/requests/{d.intake.pk}/handover/").status_code == 302
    assert not Ticket.objects.exists()


def test_the_steps_refuse_a_post_without_the_csrf_token(
    story_customer: Callable[..., Customer], client: Client
) -> None:
    d = diagnosed(client, story_customer, stories.topup_declined)
    strict = Client(enforce_csrf_checks=True)
    name = settings.PORTAL_SESSION_COOKIE_NAME
    strict.cookies[name] = client.cookies[name].value  # the same signed-in browser, no token

    assert strict.post(f"/contact/requests/{d.intake.pk}/handover/").status_code == 403
    assert not Ticket.objects.exists()


def test_a_wait_can_be_checked_again_once_the_chain_has_caught_up(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    d = diagnosed(client, story_customer, stories.usdt_confirming)
    assert d.intake.outcome == "wait"
    assert 'id="recheck"' in d.page
    tx = d.story.transaction
    assert tx.crypto is not None
    chain.confirm(tx.ref, confirmations=tx.crypto.required_confirmations)

    response = client.post(f"/contact/requests/{d.intake.pk}/recheck/")

    assert response["Location"] == f"/contact/requests/{d.intake.pk}/"
    d.intake.refresh_from_db()
    assert d.intake.outcome == "no_fault"
    assert 'data-outcome="no_fault"' in page_of(client.get(response["Location"]))
