"""Named fixed-window rate limits kept in the cache (local memory embedded, Redis when scaled)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import DomainError


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many attempts. Please wait a few minutes and try again.")


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int

    def _key(self, subject: str) -> str:
        # Subjects may be emails or phone numbers: only a digest reaches the cache.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"rl:{self.name}:{digest}"

    def hit(self, subject: str) -> None:
        """Count one attempt; raise RateLimited once the window's allowance is spent."""
        key = self._key(subject)
        if cache.add(key, 1, timeout=self.window_seconds):
            return
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=self.window_seconds)
            return
        if count > self.max_hits:
            raise RateLimited()

    def reset(self, subject: str) -> None:
        cache.delete(self._key(subject))


PORTAL_LOGIN = Limit("portal-login", max_hits=10, window_seconds=15 * 60)
CONSOLE_LOGIN = Limit("console-login", max_hits=10, window_seconds=15 * 60)
LOGIN_PER_IP = Limit("login-ip", max_hits=50, window_seconds=15 * 60)
API_TOKEN_FAILURES = Limit("api-token-fail", max_hits=30, window_seconds=5 * 60)
TICKETS_PER_REQUESTER = Limit("tickets-per-requester", max_hits=10, window_seconds=60 * 60)
