"""Writes for API tokens: issue, revoke, and note when a token was last used."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from walletdesk.api.models import ApiToken
from walletdesk.api.selectors import key_digest
from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import User

KEY_PREFIX = "wd_"
PREFIX_LENGTH = 8
# How stale `last_used_at` may get: one write a minute per token, not one per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _new_key() -> str:
    # 240 random bits; the fixed "wd_" start lets secret scanners recognise a leaked key.
    return KEY_PREFIX + secrets.token_urlsafe(30)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token. Returns the row and the full key, which is never stored or shown again."""
    if not user.is_active:
        raise ValidationFailed(_("API tokens can only be issued to active console users."))
    label = name.strip()[:100] or "api"
    key = _new_key()
    token = ApiToken.objects.create(
        user=user,
        name=label,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_digest(key),
        user_epoch=user.session_epoch,
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token from working. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record a use, at most once per LAST_USED_RESOLUTION."""
    now = clock.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
