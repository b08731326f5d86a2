"""Sign-in limits: look-alike spellings share one counter, a customer's email and phone share
one, a stranger's guesses lock only the stranger's client, and an unreachable Redis never turns
sign-in or the API into a 500."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from walletdesk.api.services import api_token_create
from walletdesk.core import ratelimit
from walletdesk.core.ratelimit import CONSOLE_LOGIN, PORTAL_LOGIN, Limit
from walletdesk.identity.models import Customer, User
from walletdesk.web.console.views import auth as console_auth
from walletdesk.web.portal.views import session as portal_session

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.9"
OWNER = "198.51.100.7"


def _console(client: Client, username: str, password: str, ip: str = STRANGER) -> int:
    response = client.post(
        reverse("console:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return response.status_code


def _portal(client: Client, identifier: str, password: str, ip: str = STRANGER) -> int:
    response = client.post(
        reverse("portal:login"), {"identifier": identifier, "password": password}, REMOTE_ADDR=ip
    )
    return response.status_code


@pytest.fixture
def temp2(make_user) -> User:
    return make_user(username="temp2")


def test_a_look_alike_username_signs_in_when_not_locked(client: Client, temp2: User) -> None:
    # The premise: Django's form reads the full-width spelling as the same account.
    assert _console(client, "ｔｅｍｐ２", PASSWORD) == 302
    assert client.session[SESSION_KEY] == str(temp2.pk)


@pytest.mark.parametrize("look_alike", ["ｔｅｍｐ２", "𝐭𝐞𝐦𝐩𝟐", "TEMP2", " temp2"])
def test_look_alike_usernames_share_the_plain_ones_lock(
    client: Client, temp2: User, look_alike: str
) -> None:
    for _ in range(CONSOLE_LOGIN.max_hits):
        assert _console(client, "temp2", "wrong-guess") == 400
    assert _console(client, look_alike, PASSWORD) == 429
    assert SESSION_KEY not in client.session


def test_guesses_spread_over_look_alikes_are_counted_together(client: Client, temp2) -> None:
    spellings = ["temp2", "ｔｅｍｐ２", "𝐭𝐞𝐦𝐩𝟐", "Temp2", "𝘁𝗲𝗺𝗽𝟮"]
    codes = [_console(client, spellings[n % 5], "wrong") for n in range(CONSOLE_LOGIN.max_hits)]
    assert codes == [400] * CONSOLE_LOGIN.max_hits
    assert _console(client, "temp2", PASSWORD) == 429


def test_a_customers_email_and_phone_share_one_counter(client: Client, make_customer) -> None:
    customer: Customer = make_customer(email="li.na@example.cn", phone="+8613911112222")
    spellings = ["li.na@example.cn", "13911112222", "LI.NA@EXAMPLE.CN", "+86 139 1111 2222"]
    for n in range(PORTAL_LOGIN.max_hits):
        assert _portal(client, spellings[n % 4], "wrong") == 400
    assert _portal(client, "li.na@example.cn", PASSWORD) == 429
    assert _portal(client, "＋８６ １３９１１１１２２２２", PASSWORD) == 429
    assert customer.last_login is None


def test_a_strangers_guesses_do_not_lock_the_owner_out(client: Client, temp2, make_customer):
    make_customer(email="owner@example.com")
    for _ in range(CONSOLE_LOGIN.max_hits):
        _console(client, "temp2", "wrong", ip=STRANGER)
        _portal(client, "owner@example.com", "wrong", ip=STRANGER)
    assert _console(client, "temp2", PASSWORD, ip=STRANGER) == 429
    assert _portal(client, "owner@example.com", PASSWORD, ip=STRANGER) == 429
    owner = Client()
    assert _console(owner, "temp2", PASSWORD, ip=OWNER) == 302
    assert _portal(owner, "owner@example.com", PASSWORD, ip=OWNER) == 302


def test_many_clients_together_hit_the_account_ceiling(client: Client, temp2, monkeypatch):
    monkeypatch.setattr(console_auth, "CONSOLE_LOGIN_ACCOUNT", Limit("ceiling-test", 3, 60))
    for n in range(3):
        assert _console(client, "temp2", "wrong", ip=f"192.0.2.{n}") == 400
    assert _console(Client(), "ｔｅｍｐ２", PASSWORD, ip=OWNER) == 429


def test_the_portal_has_an_account_ceiling_too(client: Client, make_customer, monkeypatch):
    make_customer(email="owner@example.com", phone="+8613800138000")
    monkeypatch.setattr(portal_session, "PORTAL_LOGIN_ACCOUNT", Limit("ceiling-test-p", 2, 60))
    assert _portal(client, "owner@example.com", "wrong", ip="192.0.2.1") == 400
    assert _portal(client, "13800138000", "wrong", ip="192.0.2.2") == 400
    assert _portal(Client(), "owner@example.com", PASSWORD, ip=OWNER) == 429


def test_a_successful_sign_in_clears_that_clients_count(client: Client, temp2: User) -> None:
    for _ in range(CONSOLE_LOGIN.max_hits - 1):
        _console(client, "temp2", "wrong")
    assert _console(client, "temp2", PASSWORD) == 302
    client.post(reverse("console:logout"))
    for _ in range(CONSOLE_LOGIN.max_hits):
        assert _console(client, "temp2", "wrong") == 400


# --- the store: memory, Redis, and Redis gone ---------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_with_redis_unreachable_sign_in_and_the_api_still_answer(
    client: Client, temp2: User, make_customer, caplog: pytest.LogCaptureFixture
) -> None:
    make_customer(email="owner@example.com")
    store = ratelimit.store_for(f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens there
    ratelimit.install(store)
    with caplog.at_level(logging.WARNING, logger="walletdesk.core.ratelimit"):
        assert _portal(client, "owner@example.com", PASSWORD) == 302
        assert _console(client, "temp2", PASSWORD) == 302
        api = Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=temp2, name='t')[1]}")
        assert api.get("/api/v1/tickets/").status_code == 200
        assert Client(HTTP_AUTHORIZATION="Token wd_x").get("/api/v1/tickets/").status_code == 401
    warnings = [r for r in caplog.records if r.name == "walletdesk.core.ratelimit"]
    assert len(warnings) == 1  # once per outage, not once per request
    assert "unreachable" in warnings[0].getMessage()
    assert "owner@example.com" not in caplog.text


def test_with_redis_unreachable_the_limits_still_hold_in_memory(client: Client, temp2) -> None:
    ratelimit.install(ratelimit.store_for(f"redis://127.0.0.1:{_free_port()}/0"))
    for _ in range(CONSOLE_LOGIN.max_hits):
        assert _console(client, "temp2", "wrong") == 400
    assert _console(client, "ｔｅｍｐ２", PASSWORD) == 429


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A redis-server of this test's own on a free port (never the shared one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - the system's redis-server, fixed arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", server
    server.terminate()
    server.wait(timeout=10)


def test_counts_live_in_redis_and_survive_it_going_away(
    client: Client, temp2: User, own_redis, caplog: pytest.LogCaptureFixture
) -> None:
    url, server = own_redis
    ratelimit.install(ratelimit.store_for(url))
    for _ in range(CONSOLE_LOGIN.max_hits):
        assert _console(client, "temp2", "wrong") == 400
    # Another process (a fresh store on the same Redis) sees the same lock.
    ratelimit.install(ratelimit.store_for(url))
    assert _console(client, "temp2", PASSWORD) == 429
    server.terminate()
    server.wait(timeout=10)
    with caplog.at_level(logging.WARNING, logger="walletdesk.core.ratelimit"):
        assert _console(Client(), "temp2", PASSWORD, ip=OWNER) == 302
    assert "unreachable" in caplog.text


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the scaled run's Redis")
def test_the_scaled_store_is_redis_and_counts_across_stores() -> None:
    url = os.environ["REDIS_URL"]
    limit = Limit(f"scaled-test-{time.monotonic_ns()}", 2, 60)
    ratelimit.install(ratelimit.store_for(url))
    limit.hit("someone")
    ratelimit.install(ratelimit.store_for(url))
    limit.hit("someone")
    with pytest.raises(ratelimit.RateLimited):
        limit.hit("someone")
    limit.reset("someone")
    limit.hit("someone")
    limit.reset("someone")


def test_the_owners_known_browser_passes_the_ceiling_a_crowd_of_strangers_reached(
    temp2, monkeypatch
):
    monkeypatch.setattr(console_auth, "CONSOLE_LOGIN_ACCOUNT", Limit("ceiling-known", 3, 60))
    owner = Client()
    assert _console(owner, "temp2", PASSWORD, ip=OWNER) == 302  # signed in here before
    owner.post(reverse("console:logout"))
    for n in range(2):  # with the owner's sign-in, the ceiling of 3 is reached
        assert _console(Client(), "temp2", "wrong", ip=f"192.0.2.{n}") == 400
    assert _console(Client(), "temp2", PASSWORD, ip="192.0.2.99") == 429  # a new browser
    assert _console(owner, "temp2", PASSWORD, ip="198.51.100.8") == 302  # new address, too


def test_a_known_browser_cookie_counts_for_its_own_account_only_and_cannot_be_forged(
    make_user, monkeypatch
):
    make_user(username="other")
    temp = make_user(username="temp3")
    monkeypatch.setattr(console_auth, "CONSOLE_LOGIN_ACCOUNT", Limit("ceiling-own", 2, 60))
    known_elsewhere = Client()
    assert _console(known_elsewhere, "other", PASSWORD, ip=OWNER) == 302
    known_elsewhere.post(reverse("console:logout"))
    for n in range(2):
        assert _console(Client(), temp.username, "wrong", ip=f"192.0.2.{n}") == 400
    assert _console(known_elsewhere, temp.username, PASSWORD, ip=OWNER) == 429
    forged = Client()
    forged.cookies["wd_known_console"] = "W10:forged:signature"
    assert _console(forged, temp.username, PASSWORD, ip="198.51.100.9") == 429


def test_the_portal_remembers_the_customers_browser_too(client: Client, make_customer, monkeypatch):
    make_customer(email="owner@example.com", phone="+8613800138000")
    monkeypatch.setattr(portal_session, "PORTAL_LOGIN_ACCOUNT", Limit("ceiling-known-p", 2, 60))
    owner = Client()
    assert _portal(owner, "+86 138 0013 8000", PASSWORD, ip=OWNER) == 302
    owner.cookies.pop("wd_portal", None)  # signed out, the known-browser cookie stays
    # With the owner's sign-in, one stranger's guess reaches the ceiling of 2.
    assert _portal(Client(), "owner@example.com", "wrong", ip="192.0.2.1") == 400
    assert _portal(Client(), "owner@example.com", PASSWORD, ip="192.0.2.3") == 429
    assert _portal(owner, "owner@example.com", PASSWORD, ip=OWNER) == 302
