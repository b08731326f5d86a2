"""The intake's steps as a customer's browser takes them, for the portal's intake tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client

from tests.web_portal import intake_stories as stories
from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.identity.models import Customer
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.choices import ProblemType

LANGUAGES = ["zh-hans", "en"]


def signed_in_as(client: Client, customer: Customer, language: str = "en") -> Client:
    sign_in(client, customer)
    switch_language(client, language)
    return client


def page_of(response: Any) -> str:
    return response.content.decode()


def token_of(page: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', page)
    assert found, "the form carries a one-time submission token"
    return found.group(1)


def submit(client: Client, problem_type: str, **fields: Any) -> Any:
    page = page_of(client.get(f"/contact/?problem_type={problem_type}"))
    data = {"happened": "My top-up did not arrive in my balance.", **fields}
    return client.post(
        f"/contact/?problem_type={problem_type}", {"submission": token_of(page), **data}
    )


def story_for(
    story_customer: Callable[..., Customer], make: Callable[..., stories.Story], **kw: Any
) -> tuple[stories.Story, Customer]:
    wallet = stories.wallet()
    return make(wallet, **kw), story_customer(wallet.account_ref)


@dataclass(frozen=True)
class Diagnosed:
    story: stories.Story
    customer: Customer
    intake: IntakeRequest
    page: str


def diagnosed(
    client: Client,
    story_customer: Callable[..., Customer],
    make: Callable[..., stories.Story],
    language: str = "en",
    **kw: Any,
) -> Diagnosed:
    """A customer who picked the story's transaction on the form, and their diagnosis page."""
    story, customer = story_for(story_customer, make, **kw)
    signed_in_as(client, customer, language)
    response = submit(client, ProblemType.TOPUP_NOT_CREDITED, transaction=story.transaction.ref)
    intake = IntakeRequest.objects.get(customer=customer)
    assert response["Location"] == f"/contact/requests/{intake.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return Diagnosed(story, customer, intake, page_of(page))


def checks_on(page: str) -> dict[str, str]:
    """What the page says of each check: passed, failed or skipped."""
    found = re.findall(r'class="check check-(\w+)" data-check="(\w+)"', page)
    return {code: state for state, code in found}
