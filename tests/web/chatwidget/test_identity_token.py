"""The wallet app's identity token: HMAC-SHA256 over a compact payload, with an expiry."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.chat.identity_token import (
    MAX_LIFETIME_SECONDS,
    IdentityTokenExpired,
    IdentityTokenRefused,
    identity_customer,
    identity_token_mint,
    identity_token_verify,
)
from walletdesk.core import clock
from walletdesk.identity.models import Customer

SECRET = "operator-shared-secret-for-tests-0123456789"
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _later(seconds: int) -> int:
    return int(NOW.timestamp()) + seconds


def test_a_minted_token_verifies_with_its_claims() -> None:
    token = identity_token_mint(
        secret=SECRET, sub="C-42", name="王小明", exp=_later(300), lang="en"
    )
    with clock.frozen_at(NOW):
        claims = identity_token_verify(token, secret=SECRET)
    assert (claims.sub, claims.name, claims.exp, claims.lang) == (
        "C-42",
        "王小明",
        _later(300),
        "en",
    )


def test_the_format_is_what_the_readme_documents() -> None:
    """An operator writing their own minter from the README gets a token we accept."""
    payload = _b64(json.dumps({"sub": "a@example.com", "exp": _later(60)}).encode())
    digest = hmac.new(
        SECRET.encode(), b"wd-chat-identity.v1." + payload.encode(), hashlib.sha256
    ).digest()
    with clock.frozen_at(NOW):
        claims = identity_token_verify(payload + "." + _b64(digest), secret=SECRET)
    assert claims.sub == "a@example.com"
    assert claims.lang == ""


def test_an_expired_token_is_refused_as_expired() -> None:
    token = identity_token_mint(secret=SECRET, sub="C-42", exp=_later(0))
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenExpired) as refused:
        identity_token_verify(token, secret=SECRET)
    assert refused.value.code == "identity_expired"
    assert refused.value.status == 403


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # another signature
        lambda t: (
            _b64(json.dumps({"sub": "someone-else", "exp": _later(60)}).encode())
            + "."
            + t.split(".")[1]
        ),  # another payload under the old signature
        lambda t: t.split(".")[0],  # no signature at all
        lambda t: "",
        lambda t: "not a token",
        lambda t: "é." + t.split(".")[1],
        lambda t: t + "." + t,
        lambda t: "x" * 5000,
    ],
)
def test_a_forged_or_malformed_token_is_refused(forge: Callable[[str], str]) -> None:
    token = identity_token_mint(secret=SECRET, sub="C-42", exp=_later(60))
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused) as refused:
        identity_token_verify(forge(token), secret=SECRET)
    assert not isinstance(refused.value, IdentityTokenExpired)


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = identity_token_mint(secret="another-secret", sub="C-42", exp=_later(60))
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused):
        identity_token_verify(token, secret=SECRET)


def test_no_secret_configured_refuses_every_token(settings: Any) -> None:
    """App tokens are off until the operator sets WALLETDESK_CHAT_IDENTITY_SECRET: not even a
    token "signed" with the empty secret passes."""
    settings.CHAT_IDENTITY_SECRET = ""
    token = identity_token_mint(secret="", sub="C-42", exp=_later(60))
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused):
        identity_token_verify(token)
    settings.CHAT_IDENTITY_SECRET = SECRET
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused):
        identity_token_verify(token)
    good = identity_token_mint(secret=SECRET, sub="C-42", exp=_later(60))
    with clock.frozen_at(NOW):
        assert identity_token_verify(good).sub == "C-42"


@pytest.mark.parametrize(
    "payload",
    [
        {"exp": 0},  # no subject
        {"sub": "", "exp": 0},
        {"sub": "C-42"},  # no expiry
        {"sub": "C-42", "exp": "soon"},
        {"sub": "C-42", "exp": True},
        {"sub": ["C-42"], "exp": 0},
        {"sub": "C-42", "exp": 0, "name": 7},
        {"sub": "C-42", "exp": MAX_LIFETIME_SECONDS + 60},  # a standing credential
    ],
)
def test_a_genuine_signature_over_a_bad_payload_is_refused(payload: dict[str, object]) -> None:
    if payload.get("exp") == 0:
        payload = {**payload, "exp": _later(60)}
    elif payload.get("exp") == MAX_LIFETIME_SECONDS + 60:
        payload = {**payload, "exp": _later(MAX_LIFETIME_SECONDS + 60)}
    body = _b64(json.dumps(payload).encode())
    digest = hmac.new(
        SECRET.encode(), b"wd-chat-identity.v1." + body.encode(), hashlib.sha256
    ).digest()
    with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused):
        identity_token_verify(body + "." + _b64(digest), secret=SECRET)


def test_the_subject_names_a_customer_by_ref_email_or_phone(
    make_customer: Callable[..., Customer],
) -> None:
    by_mail = make_customer(email="Token.User@Example.com")
    by_phone = make_customer(email=None, phone="+8613800138001")
    for sub, expected in [
        (by_mail.ref, by_mail),
        ("token.user@example.com".replace("example", "EXAMPLE"), by_mail),
        ("138 0013 8001", by_phone),
    ]:
        token = identity_token_mint(secret=SECRET, sub=sub, exp=_later(60))
        with clock.frozen_at(NOW):
            assert identity_customer(identity_token_verify(token, secret=SECRET)) == expected


def test_a_subject_naming_nobody_or_an_inactive_customer_is_refused(
    make_customer: Callable[..., Customer],
) -> None:
    gone = make_customer()
    Customer.objects.filter(pk=gone.pk).update(is_active=False)
    for sub in ["nobody@example.com", gone.ref]:
        token = identity_token_mint(secret=SECRET, sub=sub, exp=_later(60))
        with clock.frozen_at(NOW), pytest.raises(IdentityTokenRefused):
            identity_customer(identity_token_verify(token, secret=SECRET))
