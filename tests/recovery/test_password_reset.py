"""Forgot password: the same pages for every address, a code once, a new password, every other
session gone, notices on every channel, the check-up."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.recovery.conftest import NEW_PASSWORD, forgot, last_code
from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.models import OneTimeCode, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def _csrf_free(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def _signed_in(customer: Customer) -> Client:
    browser = Client()
    response = browser.post("/login/", {"identifier": customer.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_the_sign_in_page_links_to_forgot_password(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert 'href="/password/forgot/"' in page


def _flow(identifier: str) -> tuple[int, str, int, int, str]:
    """What a stranger sees for `identifier`: the answer to the address, the work it cost (the
    database queries), and the code page, without its CSRF token."""
    browser = Client()
    with CaptureQueriesContext(connection) as queries:
        response = forgot(browser, identifier)
    page = browser.get(response["Location"])
    html = _csrf_free(page.content.decode())
    return response.status_code, response["Location"], len(queries), page.status_code, html


@pytest.mark.parametrize(
    ("known", "unknown"),
    [
        ("mei.lin@example.com", "mallory@example.com"),  # both read m***@example.com
        ("+86 138 0013 8000", "+86 138 9999 8000"),  # both read +86 138****8000
    ],
)
def test_known_and_unknown_addresses_get_byte_identical_pages_and_the_same_work(
    mei: Customer, known: str, unknown: str
) -> None:
    seen_known, seen_unknown = _flow(known), _flow(unknown)
    assert seen_known[0] == 302
    assert seen_known == seen_unknown


def test_only_a_registered_address_receives_a_code(mei: Customer, run_tasks: Any) -> None:
    with run_tasks():
        forgot(Client(), "nobody.here@example.com")
    assert OutboundMessage.objects.count() == 0
    with run_tasks():
        forgot(Client(), "MEI.LIN@example.com")
    assert OutboundMessage.objects.filter(recipient=mei.email, sensitive=True).count() == 1
    assert OneTimeCode.objects.filter(customer=mei).count() == 1


def test_the_token_stays_in_the_session_never_in_a_url(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        response = forgot(browser, mei.email or "")
    assert response["Location"] == "/password/reset/"
    page = browser.get("/password/reset/").content.decode()
    session = SessionStore(browser.cookies["wd_portal"].value)
    token = session["reset_challenge"]["token"]
    assert len(token) >= 24
    assert token not in page
    assert token not in response["Location"]


def test_reset_with_the_code_ends_every_other_session_and_tells_every_channel(
    mei: Customer, run_tasks: Any
) -> None:
    elsewhere = _signed_in(mei)
    assert elsewhere.get("/wallet/").status_code == 200
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    code = last_code(mei.email or "")
    response = browser.post(
        "/password/reset/", {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/security/"
    # The old session is gone, this browser is signed in, the check-up shows.
    assert elsewhere.get("/wallet/").status_code == 302
    checkup = browser.get("/security/")
    assert checkup.status_code == 200
    assert 'id="security-devices"' in checkup.content.decode()
    mei.refresh_from_db()
    assert mei.check_password(NEW_PASSWORD)
    kinds = set(SecurityEvent.objects.filter(customer=mei).values_list("kind", flat=True))
    assert {SecurityEventKind.PASSWORD_RESET, SecurityEventKind.SIGNED_IN} <= kinds
    notices = OutboundMessage.objects.filter(sensitive=False)
    assert set(notices.values_list("recipient", flat=True)) == {mei.email, mei.phone}
    assert set(notices.values_list("channel", flat=True)) == {"email", "sms"}
    signed_in = SecurityEvent.objects.filter(customer=mei, kind=SecurityEventKind.SIGNED_IN).first()
    assert signed_in is not None
    assert signed_in.data == {"how": "reset"}


def test_a_code_works_once(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    code = last_code(mei.email or "")
    form = {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert browser.post("/password/reset/", form).status_code == 302
    # Another browser that somehow holds the same challenge cannot use the code again.
    token_row = OneTimeCode.objects.get(customer=mei)
    assert token_row.used_at is not None
    other = Client()
    with run_tasks():
        forgot(other, "nobody@example.com")
    response = other.post("/password/reset/", form)
    assert response.status_code == 400


def test_an_expired_code_is_refused(mei: Customer, run_tasks: Any, settings: Any) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    code = last_code(mei.email or "")
    later = clock.now() + dt.timedelta(seconds=settings.SECURITY_CODE_TTL_SECONDS + 1)
    with clock.frozen_at(later):
        response = browser.post(
            "/password/reset/",
            {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 400
    mei.refresh_from_db()
    assert mei.check_password(PASSWORD)


def test_five_wrong_codes_lock_the_code(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    code = last_code(mei.email or "")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = browser.post(
            "/password/reset/",
            {"code": wrong, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 400
    response = browser.post(
        "/password/reset/", {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 400
    mei.refresh_from_db()
    assert mei.check_password(PASSWORD)


def test_the_reset_endpoint_is_throttled_per_client(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    statuses = [
        browser.post(
            "/password/reset/",
            {"code": "000000", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_sending_is_throttled_per_address_whatever_the_spelling(mei: Customer) -> None:
    spellings = ["mei.lin@example.com", "MEI.LIN@EXAMPLE.COM", " mei.lin@example.com "] * 2
    statuses = [
        forgot(Client(REMOTE_ADDR=f"198.51.100.{i}"), s).status_code
        for i, s in enumerate(spellings)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_the_same_limit_for_an_unknown_address(mei: Customer) -> None:
    statuses = [
        forgot(Client(REMOTE_ADDR=f"198.51.100.{i}"), "ghost@example.com").status_code
        for i in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_codes_per_account_a_day_are_capped_silently(mei: Customer, run_tasks: Any) -> None:
    for i in range(12):
        identifier = mei.email if i % 2 else mei.phone
        with run_tasks():
            assert forgot(Client(REMOTE_ADDR=f"198.51.100.{i}"), identifier or "").status_code in (
                302,
                429,
            )
    assert OneTimeCode.objects.filter(customer=mei).count() <= 10


def test_a_refused_password_keeps_the_accepted_code(mei: Customer, run_tasks: Any) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, mei.email or "")
    code = last_code(mei.email or "")
    weak = "19900517abc"
    response = browser.post(
        "/password/reset/", {"code": code, "password1": weak, "password2": weak}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="code"' not in page  # the code was accepted; it is not asked again
    response = browser.post(
        "/password/reset/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_the_reset_page_without_a_challenge_sends_back(client: Client) -> None:
    response = client.get("/password/reset/")
    assert response.status_code == 302
    assert response["Location"] == "/password/forgot/"


def test_malformed_input_is_a_form_error_never_a_500(client: Client, mei: Customer) -> None:
    for value in ["", "not an address", "\x00", "@" * 300, "+999"]:
        assert forgot(client, value).status_code == 400


def test_the_pages_read_in_both_languages(client: Client, mei: Customer) -> None:
    page = client.get("/password/forgot/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "忘记密码" in page
    page = client.get("/password/forgot/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Forgot your password?" in page


def test_sms_reset_works_too(
    mei: Customer, run_tasks: Any, make_customer: Callable[..., Customer]
) -> None:
    browser = Client()
    with run_tasks():
        forgot(browser, "138 0013 8000")
    code = last_code(mei.phone or "")
    response = browser.post(
        "/password/reset/", {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
