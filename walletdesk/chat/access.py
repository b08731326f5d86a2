"""A conversation's public key and its widget's access token.

The key names the conversation in URLs and frames and is no secret. The token is: 32 random
bytes, url-safe, handed to the widget once (`Started.token`) and stored only as its
HMAC-SHA256 keyed with SECRET_KEY, so a copy of the database opens no conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

KEY_BYTES = 16  # 22 url-safe characters
TOKEN_BYTES = 32  # 43 url-safe characters


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), b"chat-token:" + token.encode(), hashlib.sha256
    ).hexdigest()


def token_matches(token: str, digest: str) -> bool:
    """Constant-time comparison of `token` against a stored digest."""
    return hmac.compare_digest(token_digest(token), digest)
