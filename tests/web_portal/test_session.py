"""Signing in and out of the portal, and what the portal session does not open."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import PASSWORD
from tests.web_portal.conftest import sign_in
from walletdesk.core.ratelimit import LOGIN_PER_IP, PORTAL_LOGIN
from walletdesk.identity.models import Customer, User

LOGIN = "/login/"


def test_sign_in_with_email_lands_on_my_requests(client: Client, customer: Customer) -> None:
    response = client.post(LOGIN, {"identifier": "XiaoMing@Example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:tickets")
    assert settings.PORTAL_SESSION_COOKIE_NAME in response.cookies
    assert client.get("/tickets/").status_code == 200


def test_sign_in_with_phone_number(client: Client, make_customer: Callable[..., Customer]) -> None:
    make_customer(phone="+8613800138000")

    response = client.post(LOGIN, {"identifier": "138 0013 8000", "password": PASSWORD})

    assert response.status_code == 302


def test_unknown_account_and_wrong_password_get_the_same_answer(
    english: Client, customer: Customer
) -> None:
    client = english
    wrong_password = client.post(
        LOGIN, {"identifier": "xiaoming@example.com", "password": "not-the-password"}
    )
    unknown = client.post(LOGIN, {"identifier": "nobody@example.com", "password": PASSWORD})

    assert wrong_password.status_code == unknown.status_code == 400
    message = "The email address, phone number or password is not correct."
    for response in (wrong_password, unknown):
        assert message in response.content.decode()
        assert settings.PORTAL_SESSION_COOKIE_NAME not in response.cookies
    assert _errors(wrong_password) == _errors(unknown)


def _errors(response: object) -> list[str]:
    form = response.context["form"]  # type: ignore[attr-defined]
    return [str(error) for error in form.non_field_errors()]


@pytest.mark.usefixtures("english")
def test_empty_form_is_refused_field_by_field(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"identifier": "", "password": ""})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"identifier", "password"}


@pytest.mark.usefixtures("english")
def test_sign_in_is_rate_limited_per_account(client: Client, customer: Customer) -> None:
    for _attempt in range(PORTAL_LOGIN.max_hits):
        response = client.post(LOGIN, {"identifier": customer.email, "password": "wrong-guess"})
        assert response.status_code == 400

    # Even the right password is refused now, and it says why.
    blocked = client.post(
        LOGIN,
        {"identifier": " XIAOMING@example.com ", "password": PASSWORD},
    )

    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert settings.PORTAL_SESSION_COOKIE_NAME not in blocked.cookies


def test_a_successful_sign_in_clears_the_account_counter(
    client: Client, customer: Customer
) -> None:
    for _attempt in range(PORTAL_LOGIN.max_hits - 1):
        client.post(LOGIN, {"identifier": customer.email, "password": "wrong-guess"})
    sign_in(client, customer)
    client.post("/logout/")

    # A fresh allowance: a single mistake now is not the one that locks the account.
    response = client.post(LOGIN, {"identifier": customer.email, "password": "wrong-guess"})
    assert response.status_code == 400


def test_sign_in_is_rate_limited_per_address(client: Client, customer: Customer) -> None:
    for attempt in range(LOGIN_PER_IP.max_hits):
        client.post(LOGIN, {"identifier": f"guess{attempt}@example.com", "password": "x"})

    response = client.post(LOGIN, {"identifier": customer.email, "password": PASSWORD})

    assert response.status_code == 429


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/wallet/", "/wallet/"),
        ("/tickets/?page=2", "/tickets/?page=2"),
        ("https://evil.example/phish", "/tickets/"),
        ("//evil.example/phish", "/tickets/"),
        ("javascript:alert(1)", "/tickets/"),
    ],
)
def test_next_is_followed_only_when_local(
    client: Client, customer: Customer, next_url: str, expected: str
) -> None:
    response = client.post(
        f"{LOGIN}?next=x", {"identifier": customer.email, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == expected


def test_pages_behind_sign_in_send_you_to_sign_in_and_back(client: Client, db: None) -> None:
    response = client.get("/wallet/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fwallet%2F"
    page = client.get(response["Location"])
    assert 'name="next" value="/wallet/"' in page.content.decode()


def test_htmx_request_without_session_is_redirected_by_htmx(client: Client, db: None) -> None:
    response = client.post(
        "/tickets/1/reply/",
        {"body": "hello"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/tickets/1/",
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=%2Ftickets%2F1%2F"


def test_signed_in_customer_visiting_login_goes_on(portal_client: Client) -> None:
    response = portal_client.get("/login/?next=/wallet/")

    assert response.status_code == 302
    assert response["Location"] == "/wallet/"


def test_logout_needs_post_and_ends_the_session(portal_client: Client) -> None:
    assert portal_client.get("/logout/").status_code == 405
    assert portal_client.get("/tickets/").status_code == 200

    response = portal_client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert portal_client.get("/tickets/").status_code == 302


def test_forms_need_a_csrf_token(customer: Customer) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(LOGIN, {"identifier": customer.email, "password": PASSWORD})

    assert response.status_code == 403


def test_portal_pages_are_not_cached(portal_client: Client) -> None:
    response = portal_client.get("/tickets/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def _console_login_url() -> str | None:
    try:
        return reverse("console:login")
    except NoReverseMatch:  # the console is built alongside; assert on the portal side only
        return None


def test_portal_session_opens_nothing_in_the_console(portal_client: Client) -> None:
    login_url = _console_login_url()
    if login_url is None:
        pytest.skip("the console has no login page yet")

    response = portal_client.get("/console/")

    assert response.status_code == 302
    assert response["Location"].startswith(login_url)


def test_console_session_opens_nothing_in_the_portal(client: Client, agent: User) -> None:
    client.force_login(agent)

    for path in ("/wallet/", "/tickets/", "/security/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login/")
    # The contact page answers the signed-out with the help form, never the signed-in intake.
    assert 'name="identifier"' in client.get("/contact/").content.decode()


def test_signing_out_of_the_portal_keeps_the_console_session(
    client: Client, agent: User, customer: Customer
) -> None:
    client.force_login(agent)
    sign_in(client, customer)

    client.post("/logout/")

    assert client.session.get("_auth_user_id") == str(agent.pk)
