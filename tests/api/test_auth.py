"""Token authentication: both header schemes, revocation, inactive users, failure limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.api.conftest import error_of
from walletdesk.api.models import ApiToken
from walletdesk.api.selectors import key_digest
from walletdesk.api.services import api_token_create, api_token_revoke
from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import API_TOKEN_FAILURES

TICKETS = "/api/v1/tickets/"


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token", "bearer"])
def test_both_schemes_authenticate(supervisor, scheme):
    _token, key = api_token_create(user=supervisor, name="ci")
    response = Client().get(TICKETS, headers={"Authorization": f"{scheme} {key}"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_only_the_digest_is_stored(supervisor):
    token, key = api_token_create(user=supervisor, name="ci")
    token.refresh_from_db()
    assert token.key_hash == key_digest(key)
    assert token.prefix == key[:8]
    assert key not in {token.name, token.prefix, token.key_hash}
    assert key.startswith("wd_")
    assert len(key) >= 40


def test_no_credentials_is_401_with_challenge(db):
    response = Client().get(TICKETS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header",
    ["Token wd_not-a-real-key", "Bearer ", "Token two words", "Bearer wd_\u00e9"],
)
def test_bad_tokens_are_401(db, header):
    response = Client().get(TICKETS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "authentication_failed"


def test_revoked_token_is_401(supervisor):
    token, key = api_token_create(user=supervisor, name="ci")
    client = Client(headers={"Authorization": f"Token {key}"})
    assert client.get(TICKETS).status_code == 200
    api_token_revoke(token=token)
    response = client.get(TICKETS)
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_token_of_an_inactive_user_is_401(supervisor):
    _token, key = api_token_create(user=supervisor, name="ci")
    supervisor.is_active = False
    supervisor.save(update_fields=["is_active"])
    response = Client().get(TICKETS, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_repeated_failures_from_one_address_are_rate_limited(db):
    client = Client(headers={"Authorization": "Token wd_guess"})
    for _attempt in range(API_TOKEN_FAILURES.max_hits):
        assert client.get(TICKETS).status_code == 401
    response = client.get(TICKETS)
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    # Another address is not affected.
    other = Client(headers={"Authorization": "Token wd_guess"}, REMOTE_ADDR="10.0.0.9")
    assert other.get(TICKETS).status_code == 401


def test_valid_token_still_works_while_its_address_is_limited(supervisor):
    _token, key = api_token_create(user=supervisor, name="ci")
    for _attempt in range(API_TOKEN_FAILURES.max_hits + 1):
        Client(headers={"Authorization": "Token wd_guess"}).get(TICKETS)
    response = Client(headers={"Authorization": f"Token {key}"}).get(TICKETS)
    assert response.status_code == 200


def test_last_used_is_written_at_most_once_a_minute(supervisor):
    token, key = api_token_create(user=supervisor, name="ci")
    client = Client(headers={"Authorization": f"Token {key}"})
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with clock.frozen_at(start):
        client.get(TICKETS)
    token.refresh_from_db()
    assert token.last_used_at == start
    with clock.frozen_at(start + dt.timedelta(seconds=59)):
        client.get(TICKETS)
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    with clock.frozen_at(later):
        client.get(TICKETS)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_inactive_users_get_no_new_tokens(supervisor):
    supervisor.is_active = False
    supervisor.save(update_fields=["is_active"])
    with pytest.raises(ValidationFailed):
        api_token_create(user=supervisor, name="ci")
    assert not ApiToken.objects.exists()


def test_console_session_also_authenticates(client, supervisor):
    client.force_login(supervisor)
    assert client.get(TICKETS).status_code == 200


def test_session_writes_need_the_csrf_token(supervisor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.post(TICKETS, {"subject": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
