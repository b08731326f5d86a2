"""Reads for the API's own rows (tokens) and for the people tokens are issued to."""

from __future__ import annotations

import hashlib
import hmac

from walletdesk.api.models import ApiToken
from walletdesk.identity.models import User


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token whose key this is, with its user; None for unknown or revoked keys.

    The lookup is by digest, so timing reveals nothing about stored keys; the final comparison
    is constant-time as well, for good measure."""
    digest = key_digest(key)
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    return token


def console_user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()
