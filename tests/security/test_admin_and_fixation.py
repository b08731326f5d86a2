"""The admin refuses signed-in non-staff with a 403 instead of a redirect loop; a portal session
key from before sign-in is never the one after it."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from walletdesk.identity.models import Customer, Role, User

pytestmark = pytest.mark.django_db


def _follow(client: Client, url: str, hops: int = 6) -> list[tuple[int, str]]:
    """The chain of answers from `url`, without letting a loop run forever."""
    seen = []
    for _ in range(hops):
        response = client.get(url)
        seen.append((response.status_code, url))
        if response.status_code not in (301, 302):
            break
        url = response["Location"]
    return seen


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_a_signed_in_non_staff_user_gets_a_403_at_the_admin(client: Client, make_user, role):
    client.force_login(make_user(role, ()))
    chain = _follow(client, "/admin/")
    assert chain[-1][0] == 403, chain
    assert len(chain) <= 3, chain
    assert chain[-1][1].startswith(reverse("console:login"))
    # The console itself still works for them.
    assert client.get(reverse("console:inbox")).status_code == 200


def test_an_admin_reaches_the_admin(client: Client, make_user) -> None:
    client.force_login(make_user(Role.ADMIN, ()))
    assert client.get("/admin/").status_code == 200
    assert client.get("/console/login/?next=/admin/").status_code == 302


def test_a_signed_out_visitor_is_asked_to_sign_in(client: Client) -> None:
    chain = _follow(client, "/admin/")
    assert chain[-1] == (200, "/console/login/?next=/admin/")


def test_a_signed_in_agent_with_an_ordinary_next_is_still_sent_on(client: Client, agent: User):
    client.force_login(agent)
    response = client.get("/console/login/?next=/console/?status=all")
    assert response.status_code == 302
    assert response["Location"] == "/console/?status=all"


def _sign_in(client: Client, customer: Customer) -> None:
    response = client.post(
        reverse("portal:login"), {"identifier": customer.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def _store(key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def test_a_portal_session_from_before_sign_in_is_not_the_one_after(customer: Customer) -> None:
    cookie = settings.PORTAL_SESSION_COOKIE_NAME
    before = _store()
    before["seen_help_centre"] = True  # a real, stored session an attacker could have obtained
    before.save()
    victim = Client()
    victim.cookies[cookie] = before.session_key
    _sign_in(victim, customer)
    after = victim.cookies[cookie].value
    assert after
    assert after != before.session_key
    assert not _store().exists(before.session_key)
    # The attacker, holding the old key, is not signed in.
    attacker = Client()
    attacker.cookies[cookie] = before.session_key
    response = attacker.get(reverse("portal:tickets"))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]
    # The victim is.
    assert victim.get(reverse("portal:tickets")).status_code == 200


def test_an_attacker_planted_portal_cookie_never_becomes_signed_in(customer: Customer) -> None:
    cookie = settings.PORTAL_SESSION_COOKIE_NAME
    planted = "attackerchosenkey0123456789abcdef"
    victim = Client()
    victim.cookies[cookie] = planted
    _sign_in(victim, customer)
    assert victim.cookies[cookie].value != planted
    assert not _store().exists(planted)
    attacker = Client()
    attacker.cookies[cookie] = planted
    assert attacker.get(reverse("portal:tickets")).status_code == 302


def test_the_console_session_key_also_changes_at_sign_in(agent: User) -> None:
    client = Client()
    client.get(reverse("console:login"))
    before = _store()
    before.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    client.post(reverse("console:login"), {"username": "agent", "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before.session_key
