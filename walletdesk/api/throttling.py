"""DRF's per-user request rate, counted by `core.ratelimit` instead of the cache, so an
unreachable Redis makes the API count per process (and say so in the log), never answer 500."""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request

from walletdesk.core.ratelimit import Limit, RateLimited, public_limit
from walletdesk.security.contracts import Client


class UserRateThrottle(throttling.UserRateThrottle):
    """The rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"], per signed-in user."""

    def allow_request(self, request: Request, view: Any) -> bool:
        user = request.user
        max_hits, window = self.parse_rate(self.rate)
        if user is None or not user.is_authenticated or max_hits is None or window is None:
            return True  # nobody to count; authentication refuses such requests anyway
        self._window = window
        limit = Limit(f"api-{self.scope}", max_hits=max_hits, window_seconds=window)
        try:
            limit.hit(str(user.pk))
        except RateLimited:
            return False
        return True

    def wait(self) -> float:
        return float(getattr(self, "_window", 60))


class PublicRateThrottle(throttling.BaseThrottle):
    """Every public endpoint (no token), per client address, at `WALLETDESK_PUBLIC_API_RATE`:
    one allowance per client shared by the public API and the public pages that use it."""

    def allow_request(self, request: Request, view: Any) -> bool:
        limit = public_limit()
        self._window = limit.window_seconds
        try:
            limit.hit(Client(ip=str(request.META.get("REMOTE_ADDR") or "")).rate_key)
        except RateLimited:
            return False
        return True

    def wait(self) -> float:
        return float(getattr(self, "_window", 60))
