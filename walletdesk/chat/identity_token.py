"""The wallet app's identity token: who the customer in the app's chat webview is.

The operator's app backend, which knows its signed-in user, mints a short-lived token with the
secret it shares with WalletDesk (`WALLETDESK_CHAT_IDENTITY_SECRET`) and opens
`/chat/?identity=<token>` in the webview. The token is two base64url parts joined by a dot:

    base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "wd-chat-identity.v1." + part 1))

The payload: `sub` (the customer's WalletDesk ref, or their registered email or phone number),
`exp` (Unix seconds; at most `MAX_LIFETIME_SECONDS` ahead), and optionally `name` (shown to the
agent) and `lang` ("zh-hans" or "en"). The signature is checked in constant time before the
payload is read; an expired, forged or malformed token is refused, and so is every token while
no secret is configured. README.md shows how to mint one in Python.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.core.errors import DomainError
from walletdesk.identity.models import Customer
from walletdesk.identity.services import customer_lookup

# Binds a signature to this use: an HMAC the operator computes with the same secret for
# anything else can never pass for an identity token.
CONTEXT = b"wd-chat-identity.v1."
MAX_TOKEN_CHARS = 2048
# A token opens a chat once, right away: anything valid for longer is a standing credential.
MAX_LIFETIME_SECONDS = 24 * 3600
LANGUAGES = ("zh-hans", "en")


class IdentityTokenRefused(DomainError):
    code = "identity_invalid"
    status = 403
    default_message = _(
        "This chat link is not valid. Close it and open the chat again from the app."
    )


class IdentityTokenExpired(IdentityTokenRefused):
    code = "identity_expired"
    default_message = _(
        "This chat link has expired. Close it and open the chat again from the app."
    )


@dataclass(frozen=True)
class IdentityClaims:
    sub: str
    name: str
    exp: int
    lang: str


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not text or not text.isascii():
        raise IdentityTokenRefused()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise IdentityTokenRefused() from error


def _signature(secret: str, body: str) -> bytes:
    return hmac.new(secret.encode(), CONTEXT + body.encode("ascii"), hashlib.sha256).digest()


def identity_token_mint(*, secret: str, sub: str, exp: int, name: str = "", lang: str = "") -> str:
    """A token for `sub` valid until `exp` (Unix seconds). What the operator's backend does;
    here for tests, the demo and the README's example to agree with `identity_token_verify`."""
    payload: dict[str, Any] = {"sub": sub, "exp": exp}
    if name:
        payload["name"] = name
    if lang:
        payload["lang"] = lang
    body = _b64encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    return body + "." + _b64encode(_signature(secret, body))


def identity_token_verify(token: str, *, secret: str | None = None) -> IdentityClaims:
    """The claims of a genuine, unexpired token; IdentityTokenRefused (or its Expired kind)
    otherwise."""
    key = settings.CHAT_IDENTITY_SECRET if secret is None else secret
    if not key or not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        raise IdentityTokenRefused()
    body, dot, signature = token.partition(".")
    if not dot or not body.isascii():
        raise IdentityTokenRefused()
    if not hmac.compare_digest(_b64decode(signature), _signature(key, body)):
        raise IdentityTokenRefused()
    try:
        payload = json.loads(_b64decode(body))
    except (UnicodeDecodeError, ValueError) as error:
        raise IdentityTokenRefused() from error
    if not isinstance(payload, dict):
        raise IdentityTokenRefused()
    sub, exp = payload.get("sub"), payload.get("exp")
    name, lang = payload.get("name", ""), payload.get("lang", "")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > 255:
        raise IdentityTokenRefused()
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise IdentityTokenRefused()
    if not isinstance(name, str) or not isinstance(lang, str):
        raise IdentityTokenRefused()
    now = int(clock.now().timestamp())
    if exp <= now:
        raise IdentityTokenExpired()
    if exp > now + MAX_LIFETIME_SECONDS:
        raise IdentityTokenRefused()
    return IdentityClaims(
        sub=sub.strip(),
        name=name.strip()[:100],
        exp=exp,
        lang=lang.lower() if lang.lower() in LANGUAGES else "",
    )


def identity_token_spend(token: str, claims: IdentityClaims) -> None:
    """Mark a verified token used: it opens one chat. Sent again (from a webview's history, a
    log, a copied link) it is refused like a forged one, until it would have expired anyway.
    Keyed on the signed payload, which the signature binds byte for byte (the signature's own
    spelling can vary: base64 decoding skips stray characters)."""
    body = token.partition(".")[0]
    used = "chat-identity-used:" + hashlib.sha256(body.encode("ascii")).hexdigest()
    remaining = max(1, claims.exp - int(clock.now().timestamp()))
    if not cache.add(used, 1, timeout=remaining):
        raise IdentityTokenRefused()


def identity_customer(claims: IdentityClaims) -> Customer:
    """The active customer the token names: by WalletDesk ref, else registered email/phone.
    A genuine token naming nobody is refused like a forged one."""
    customer = Customer.objects.filter(ref=claims.sub, is_active=True).first()
    if customer is None:
        customer = customer_lookup(claims.sub)
    if customer is None:
        raise IdentityTokenRefused()
    return customer
