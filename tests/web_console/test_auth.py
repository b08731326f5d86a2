"""Signing in and out of the console: only console users, rate-limited, safe redirects."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.web_console.conftest import HTMX
from walletdesk.core.ratelimit import CONSOLE_LOGIN, Limit
from walletdesk.identity.models import Customer, Role, User
from walletdesk.web import signin_limits

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(
        reverse("console:login"), {"username": username, "password": password, **extra}
    )


def test_agent_signs_in_and_lands_on_the_inbox(client: Client, agent: User) -> None:
    response = _login(client, "agent")
    assert response.status_code == 302
    assert response["Location"] == reverse("console:inbox")
    assert client.session[SESSION_KEY] == str(agent.pk)
    assert settings.SESSION_COOKIE_NAME == "wd_console"
    assert "wd_console" in response.cookies


def test_wrong_password_is_refused(client: Client, agent: User) -> None:
    response = _login(client, "agent", "not-the-password")
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_customer_credentials_do_not_open_the_console(client: Client, customer: Customer) -> None:
    for identifier in (customer.email, customer.display_name):
        response = _login(client, identifier)
        assert response.status_code == 400
        assert SESSION_KEY not in client.session
    assert client.get(reverse("console:inbox")).status_code == 302


def test_customer_signed_in_to_the_portal_is_sent_to_the_console_login(
    client: Client, customer: Customer
) -> None:
    signed_in = client.post(
        reverse("portal:login"), {"identifier": customer.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert settings.PORTAL_SESSION_COOKIE_NAME in client.cookies
    response = client.get(reverse("console:inbox"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('console:login')}?next=/console/"


def test_safe_next_is_followed_and_foreign_next_is_not(client: Client, agent: User) -> None:
    response = _login(client, "agent", next="/console/?status=all")
    assert response["Location"] == "/console/?status=all"
    client.post(reverse("console:logout"))
    for foreign in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = _login(client, "agent", next=foreign)
        assert response["Location"] == reverse("console:inbox"), foreign
        client.post(reverse("console:logout"))


def test_logout_needs_post_and_ends_the_session(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert client.get(reverse("console:logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("console:logout"))
    assert response["Location"] == reverse("console:login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("console:inbox")).status_code == 302


def test_logout_is_csrf_protected(agent: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    assert strict.post(reverse("console:logout")).status_code == 403
    assert SESSION_KEY in strict.session


def test_sign_in_is_rate_limited_per_username(client: Client, agent: User) -> None:
    for _ in range(CONSOLE_LOGIN.max_hits):
        assert _login(client, "agent", "wrong-guess").status_code == 400
    # Even the right password is not checked once the allowance is spent.
    response = _login(client, "Agent", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "Too many attempts" in response.content.decode()


def test_sign_in_is_rate_limited_per_address(
    client: Client, agent: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signin_limits, "LOGIN_PER_IP", Limit("login-ip-test", 3, 60))
    for n in range(3):
        assert _login(client, f"someone{n}", "x").status_code == 400
    assert _login(client, "agent").status_code == 429
    assert SESSION_KEY not in client.session


def test_htmx_request_without_session_redirects_the_window(client: Client) -> None:
    response = client.get(reverse("console:inbox"), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("console:login"))


def test_admin_link_only_for_admins(client: Client, make_user, supervisor: User) -> None:
    admin = make_user(Role.ADMIN, ())
    client.force_login(supervisor)
    assert reverse("admin:index") not in client.get(reverse("console:inbox")).content.decode()
    client.force_login(admin)
    assert reverse("admin:index") in client.get(reverse("console:inbox")).content.decode()


def test_console_speaks_chinese_by_default(client: Client, settings) -> None:
    settings.LANGUAGE_CODE = "zh-hans"
    html = client.get(reverse("console:login")).content.decode()
    assert '<html lang="zh-hans">' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    english = client.get(reverse("console:login")).content.decode()
    assert '<html lang="en">' in english
    assert "Sign in to the agent console" in english


def test_an_agent_without_a_language_choice_gets_the_profile_language(client, make_user, settings):
    from tests.conftest import PASSWORD

    make_user(username="olivia", language="en")
    response = client.post("/console/login/", {"username": "olivia", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/console/")["Content-Language"] == "en"


def test_a_language_already_chosen_with_the_switch_is_kept(client, make_user, settings):
    from tests.conftest import PASSWORD

    make_user(username="wei", language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.post("/console/login/", {"username": "wei", "password": PASSWORD})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
