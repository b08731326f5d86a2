"""Help for the signed-out: a request with an email or phone, stored unverified; a code to the
registered address proves who asked. The same pages for unknown addresses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.recovery.conftest import last_code
from walletdesk.identity.models import Customer
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _ask(browser: Client, identifier: str) -> Any:
    return browser.post(
        "/contact/",
        {"identifier": identifier, "problem_type": "password_reset", "body": "I cannot sign in."},
    )


def _csrf_free(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_the_contact_page_works_signed_out(client: Client) -> None:
    response = client.get("/contact/")
    assert response.status_code == 200
    assert 'name="identifier"' in response.content.decode()


@pytest.mark.parametrize(
    ("known", "unknown"),
    [("mei.lin@example.com", "mallory@example.com"), ("+8613800138000", "+8613899998000")],
)
def test_known_and_unknown_get_the_same_pages(mei: Customer, known: str, unknown: str) -> None:
    seen = []
    for identifier in (known, unknown):
        browser = Client()
        response = _ask(browser, identifier)
        page = browser.get(response["Location"])
        seen.append(
            (
                response.status_code,
                response["Location"],
                page.status_code,
                _csrf_free(page.content.decode()),
            )
        )
    assert seen[0][0] == 302
    assert seen[0] == seen[1]


def test_the_request_is_stored_unverified_and_shows_no_account_data(mei: Customer) -> None:
    _ask(Client(), mei.email or "")
    ticket = Ticket.objects.get()
    assert ticket.requester_id == mei.pk
    assert ticket.requester_verified is False
    _ask(Client(), "ghost@example.com")
    contact_only = Ticket.objects.exclude(pk=ticket.pk).get()
    assert contact_only.requester_id is None
    assert contact_only.contact == "ghost@example.com"


def test_the_code_proves_who_asked_and_verifies_the_request(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        response = _ask(browser, mei.email or "")
    assert response["Location"] == "/contact/verify/"
    code = last_code(mei.email or "")
    response = browser.post("/contact/verify/", {"code": code})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.requester_verified is True


def test_a_wrong_code_changes_nothing(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        _ask(browser, mei.email or "")
    response = browser.post("/contact/verify/", {"code": "000000"})
    assert response.status_code == 400
    assert Ticket.objects.get().requester_verified is False


def test_the_same_work_for_known_and_unknown(mei: Customer) -> None:
    counts = []
    for identifier in ("mei.lin@example.com", "ghost@example.com"):
        with CaptureQueriesContext(connection) as queries:
            assert _ask(Client(), identifier).status_code == 302
        counts.append(len(queries))
    # A known address is matched to its customer in the stored (unverified) request; the
    # difference is the match, not the code, which is sent by a task for both.
    assert abs(counts[0] - counts[1]) <= 2


def test_signed_out_requests_are_throttled_per_client(mei: Customer) -> None:
    browser = Client()
    statuses = [_ask(browser, f"someone{i}@example.com").status_code for i in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_malformed_addresses_are_a_form_error(client: Client) -> None:
    assert _ask(client, "not-an-address").status_code == 400
    assert not Ticket.objects.exists()
