"""The limits every sign-in form applies, and the known-device pass through the ceiling.

Three counters (`core.ratelimit`): the client's address overall; this client on this account
(a stranger's guesses lock only the stranger); and a ceiling on this account for every client
together (many addresses still cannot guess for long). The ceiling alone would let about a
dozen addresses lock the owner out, again and again. So a browser that has signed in to the
account before carries a signed "known device" cookie for it, and passes the ceiling — never
the per-client lock: a stranger cannot have that cookie, and the owner keeps getting in from
the phone or laptop they always use while someone else hammers the account.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from walletdesk.core.ratelimit import LOGIN_PER_IP, Limit

KNOWN_DEVICE_AGE = 90 * 24 * 3600
_SALT = "walletdesk.sign-in.known-device"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _cookie_name(scope: str) -> str:
    return f"wd_known_{scope}"


def _account_tag(subject: str) -> str:
    # The cookie names the account by a digest only: no email or username in the browser.
    return hashlib.sha256(subject.encode()).hexdigest()[:32]


def _known_tags(request: HttpRequest, scope: str) -> list[str]:
    value = request.COOKIES.get(_cookie_name(scope), "")
    if not value:
        return []
    try:
        loaded = signing.loads(value, salt=_SALT, max_age=KNOWN_DEVICE_AGE)
    except signing.BadSignature:
        return []
    return [tag for tag in loaded if isinstance(tag, str)] if isinstance(loaded, list) else []


def is_known_device(request: HttpRequest, *, scope: str, subject: str) -> bool:
    return _account_tag(subject) in _known_tags(request, scope)


def check_sign_in(
    request: HttpRequest, *, scope: str, per_client: Limit, ceiling: Limit, subject: str
) -> None:
    """Count one sign-in attempt; raise RateLimited when any limit that applies is spent."""
    client = client_address(request)
    LOGIN_PER_IP.hit(client)
    per_client.hit(subject, client)
    if not is_known_device(request, scope=scope, subject=subject):
        ceiling.hit(subject)


def remember_device(
    request: HttpRequest, response: HttpResponse, *, scope: str, subject: str, path: str
) -> None:
    """After a successful sign-in: this browser is a known device of the account from now on
    (up to a few accounts per browser: shared family devices exist)."""
    tags: list[str] = []
    value = request.COOKIES.get(_cookie_name(scope), "")
    if value:
        try:
            loaded = signing.loads(value, salt=_SALT, max_age=KNOWN_DEVICE_AGE)
            tags = (
                [tag for tag in loaded if isinstance(tag, str)] if isinstance(loaded, list) else []
            )
        except signing.BadSignature:
            tags = []
    tag = _account_tag(subject)
    tags = [tag, *[t for t in tags if t != tag]][:5]
    response.set_cookie(
        _cookie_name(scope),
        signing.dumps(tags, salt=_SALT),
        max_age=KNOWN_DEVICE_AGE,
        path=path,
        httponly=True,
        secure=bool(settings.SESSION_COOKIE_SECURE),
        samesite="Lax",
    )
