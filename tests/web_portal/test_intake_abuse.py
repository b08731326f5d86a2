"""An attacker's uses of the portal intake: the free text the customer typed must not reach
the session unredacted, and a customer cannot make requests without end."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.test import Client

from tests.web_portal import intake_stories as stories
from tests.web_portal.intake_steps import page_of, signed_in_as, story_for, submit, token_of
from walletdesk.core.ratelimit import INTAKE_STARTS
from walletdesk.identity.models import Customer
from walletdesk.intake.models import IntakeRequest
from walletdesk.safety.redaction import Finding, Redacted
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.web.portal.views import contact as contact_view

CARD = "4111 1111 1111 1111"
MASK = "[card number removed]"
TOPUP = ProblemType.TOPUP_NOT_CREDITED


def mask_cards(text: str, field: str) -> Redacted:
    if CARD not in text:
        return Redacted(text=text)
    return Redacted(text=text.replace(CARD, MASK), findings=(Finding("card_number", field),))


def _portal_session(client: Client) -> dict[str, Any]:
    engine = import_module(settings.SESSION_ENGINE)
    key = client.cookies[settings.PORTAL_SESSION_COOKIE_NAME].value
    return dict(engine.SessionStore(key).load())


def test_the_search_kept_in_the_session_holds_the_redacted_counterparty(
    client: Client, story_customer: Callable[..., Customer], settings: Any
) -> None:
    settings.WALLETDESK_REDACTOR = "tests.web_portal.test_intake_abuse.mask_cards"
    story, customer = story_for(story_customer, stories.topup_succeeded)
    signed_in_as(client, customer)

    response = submit(client, TOPUP, counterparty=f"card {CARD}", **story.form)

    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/transaction/"
    assert intake.answers["counterparty"] == f"card {MASK}"
    kept = json.dumps(_portal_session(client), ensure_ascii=False)
    assert CARD not in kept
    assert MASK in kept  # the search is still kept, with the stored words
    assert client.get(response["Location"]).status_code == 200


def test_a_customer_cannot_start_requests_without_end(
    client: Client, story_customer: Callable[..., Customer]
) -> None:
    story, customer = story_for(story_customer, stories.topup_succeeded)
    signed_in_as(client, customer)
    for _ in range(INTAKE_STARTS.max_hits):
        assert submit(client, TOPUP, **story.form).status_code == 302

    page = client.get(f"/contact/?problem_type={TOPUP}")
    refused = client.post(
        f"/contact/?problem_type={TOPUP}",
        {"submission": token_of(page_of(page)), "happened": "Again and again.", **story.form},
    )

    assert refused.status_code == 429
    assert IntakeRequest.objects.filter(customer=customer).count() == INTAKE_STARTS.max_hits


def test_a_form_sent_twice_at_once_makes_one_request_and_one_ticket(
    client: Client, customer: Customer, monkeypatch: Any
) -> None:
    """The second POST of a double tap reads the session before the first one saved it: the
    form's token still finds the first request."""
    monkeypatch.setattr(contact_view, "submission_seen", lambda request, token: None)
    signed_in_as(client, customer)
    url = f"/contact/?problem_type={ProblemType.OTHER}"
    token = token_of(page_of(client.get(url)))
    sent = {"submission": token, "happened": "My app shows an error."}

    first, second = client.post(url, sent), client.post(url, sent)

    assert first["Location"] == second["Location"]
    assert IntakeRequest.objects.filter(customer=customer).count() == 1
    assert Ticket.objects.filter(requester=customer).count() == 1
