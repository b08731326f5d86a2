"""An attacker's uses of the portal intake: a customer cannot make requests without end."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tests.web_portal import intake_stories as stories
from tests.web_portal.intake_steps import page_of, signed_in_as, story_for, submit, token_of
from walletdesk.core.ratelimit import INTAKE_STARTS
from walletdesk.identity.models import Customer
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.choices import ProblemType

TOPUP = ProblemType.TOPUP_NOT_CREDITED


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
