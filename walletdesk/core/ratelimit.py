"""Named rate limits on the `limits` library (Redis when scaled), or on a SQLite file that the
embedded mode's server processes share (`core/ratestore.py`).

    PORTAL_LOGIN.hit(account, client)   # count one attempt; raises RateLimited when spent
    PORTAL_LOGIN.reset(account, client) # forget them (after a successful sign-in)

Each limit allows `max_hits` in any `window_seconds` (a moving window, so a lock ends when the
oldest counted attempt is that old; attempts refused while locked are not counted and do not
extend it). Subjects are normalised by the caller (`identity.identifiers`) and only a digest
of them reaches the store, so no email or phone number is ever a Redis key.

When the shared store (Redis, or the file) cannot be reached, limits fail safe: they count in
this process's memory instead, say so in the log (a warning, once per outage), and try the
store again after `RETRY_SECONDS`. Sign-in and the API keep answering; a limit is per process
until the store is back.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from walletdesk.core.errors import DomainError
from walletdesk.core.ratestore import SqliteStore

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30.0
# A dead or black-holed Redis must cost a request milliseconds, not the client's default wait.
REDIS_TIMEOUT_SECONDS = 0.5


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many attempts. Please wait a few minutes and try again.")


class RateLimitStore(Protocol):
    """Where counters live. `hit` counts one and says whether it was within the limit."""

    def hit(self, limit: Limit, key: str) -> bool: ...

    def reset(self, limit: Limit, key: str) -> None: ...


class LimitsStore:
    """A store on any `limits` storage URI: `memory://`, `redis://host:port/db`."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage)

    @classmethod
    def from_uri(cls, uri: str) -> LimitsStore:
        options: dict[str, float | str] = {}
        if uri.startswith(("redis://", "rediss://")):
            options = {
                "key_prefix": "wd-limits",
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            }
        storage = storage_from_string(uri, **options)
        if not isinstance(storage, Storage):  # an async:// URI: not for sync views
            raise ImproperlyConfigured(f"{uri.split(':', 1)[0]} is not a synchronous store")
        return cls(storage)

    def hit(self, limit: Limit, key: str) -> bool:
        return self._limiter.hit(_item(limit), limit.name, key)

    def reset(self, limit: Limit, key: str) -> None:
        self._limiter.clear(_item(limit), limit.name, key)


class MemoryStore(LimitsStore):
    """Counters in this process's memory. The embedded mode's store, and the test double:
    `install(MemoryStore())` gives a test fresh counters, `clear()` forgets them all."""

    def __init__(self) -> None:
        super().__init__(MemoryStorage())

    def clear(self) -> None:
        self.storage.reset()


class FailSafeStore:
    """The shared store while it answers; this process's memory while it does not."""

    def __init__(self, primary: RateLimitStore, fallback: RateLimitStore | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryStore()
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def hit(self, limit: Limit, key: str) -> bool:
        if not self.degraded:
            try:
                return self.primary.hit(limit, key)
            except Exception as exc:  # any storage failure: the limit must not fail the request
                self._went_down(exc)
        return self.fallback.hit(limit, key)

    def reset(self, limit: Limit, key: str) -> None:
        self.fallback.reset(limit, key)
        if not self.degraded:
            try:
                self.primary.reset(limit, key)
            except Exception as exc:  # as in hit()
                self._went_down(exc)

    def _went_down(self, exc: Exception) -> None:
        with self._lock:
            first = not self.degraded
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "rate-limit store unreachable (%s); counting in this process's memory "
                "and retrying in %d s",
                type(exc).__name__,
                RETRY_SECONDS,
            )


def _item(limit: Limit) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(limit.max_hits, limit.window_seconds)


_store: RateLimitStore | None = None
_store_lock = threading.Lock()


def store_for(redis_url: str, data_dir: Path | None = None) -> RateLimitStore:
    """The store a deployment uses: Redis when it has one, else a file in the data directory
    that every server process of the embedded mode shares; both fail safe to memory."""
    if redis_url:
        return FailSafeStore(LimitsStore.from_uri(redis_url))
    if data_dir is not None:
        return FailSafeStore(SqliteStore(data_dir / "ratelimits.sqlite3"))
    return MemoryStore()


def get_store() -> RateLimitStore:
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = store_for(
                    str(getattr(settings, "REDIS_URL", "") or ""), Path(settings.DATA_DIR)
                )
    return _store


def install(store: RateLimitStore | None) -> None:
    """Use `store` from now on (tests); None goes back to the one settings choose."""
    global _store
    with _store_lock:
        _store = store


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int

    def _key(self, subject: tuple[str, ...]) -> str:
        # Subjects may be emails or phone numbers: only a digest reaches the store.
        return hashlib.sha256("\x1f".join(subject).encode()).hexdigest()[:32]

    def hit(self, *subject: str) -> None:
        """Count one attempt; raise RateLimited once the window's allowance is spent."""
        if not get_store().hit(self, self._key(subject)):
            raise RateLimited()

    def reset(self, *subject: str) -> None:
        get_store().reset(self, self._key(subject))


# Sign-in: a lock per (account, client), so a stranger's guesses lock only the stranger; and a
# ceiling per account ten times higher, so many clients together still cannot guess for long.
PORTAL_LOGIN = Limit("portal-login", max_hits=10, window_seconds=15 * 60)
CONSOLE_LOGIN = Limit("console-login", max_hits=10, window_seconds=15 * 60)
PORTAL_LOGIN_ACCOUNT = Limit("portal-login-account", max_hits=100, window_seconds=15 * 60)
CONSOLE_LOGIN_ACCOUNT = Limit("console-login-account", max_hits=100, window_seconds=15 * 60)
LOGIN_PER_IP = Limit("login-ip", max_hits=50, window_seconds=15 * 60)
API_TOKEN_FAILURES = Limit("api-token-fail", max_hits=30, window_seconds=5 * 60)
TICKETS_PER_REQUESTER = Limit("tickets-per-requester", max_hits=10, window_seconds=60 * 60)
# Intake requests a customer starts (before any ticket): each one stores answers and may run
# the wallet's checks, so a script cannot fill the table or keep the wallet busy.
INTAKE_STARTS = Limit("intake-starts", max_hits=30, window_seconds=60 * 60)
# One-time codes: sending is limited per address (normalised), per client and for everyone
# together (an SMS costs money, and a flood is an attack on someone's phone); checking per
# client, on top of each code's own few tries.
CODE_SEND_ADDRESS = Limit("code-send-address", max_hits=5, window_seconds=60 * 60)
CODE_SEND_CLIENT = Limit("code-send-client", max_hits=20, window_seconds=60 * 60)
CODE_SEND_GLOBAL = Limit("code-send-global", max_hits=600, window_seconds=60)
CODE_CHECK_CLIENT = Limit("code-check-client", max_hits=30, window_seconds=15 * 60)
# Phishing reports: per client (signed out too), on top of the ticket flood limit.
REPORTS_PER_CLIENT = Limit("phishing-reports-client", max_hits=10, window_seconds=60 * 60)
# One-time contact codes an agent creates (each one is shown to a customer).
CONTACT_CODES_PER_AGENT = Limit("contact-codes-agent", max_hits=30, window_seconds=60 * 60)

_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def public_limit() -> Limit:
    """The per-client limit of every public endpoint, from `WALLETDESK_PUBLIC_API_RATE` in
    DRF's syntax ("60/min", "1000/hour")."""
    rate = str(getattr(settings, "WALLETDESK_PUBLIC_API_RATE", "60/minute"))
    count, _slash, period = rate.partition("/")
    try:
        max_hits = int(count)
        window = _PERIODS[period.strip()[:1].lower()]
    except (KeyError, ValueError) as error:
        raise ImproperlyConfigured(f"WALLETDESK_PUBLIC_API_RATE: {rate!r}") from error
    return Limit("public", max_hits=max_hits, window_seconds=window)


# Password reset and signed-out help (security/recovery): codes per account per day, counted
# silently (going over sends nothing, the answer stays the same); reset and help submissions
# per client; the live password check per client.
CODE_SEND_ACCOUNT = Limit("code-send-account", max_hits=10, window_seconds=24 * 3600)
PASSWORD_RESET_CLIENT = Limit("password-reset-client", max_hits=10, window_seconds=15 * 60)
PASSWORD_CHECK_CLIENT = Limit("password-check-client", max_hits=120, window_seconds=5 * 60)
SIGNED_OUT_HELP_CLIENT = Limit("signed-out-help-client", max_hits=10, window_seconds=60 * 60)
# The evidence bundle: a PDF costs seconds of CPU, so building is counted per requester.
EVIDENCE_BUILD = Limit("evidence-build", max_hits=20, window_seconds=60 * 60)
# Second factor (authenticator, backup or SMS/email code at sign-in and step-up): a lock per
# (account, client) and a ceiling per account; a six-digit code allows no more guessing than that.
TWO_FACTOR_CLIENT = Limit("two-factor-client", max_hits=5, window_seconds=15 * 60)
TWO_FACTOR_ACCOUNT = Limit("two-factor-account", max_hits=20, window_seconds=60 * 60)
# Starting a lost-device recovery (the password is checked again there).
RECOVERY_START = Limit("two-factor-recovery", max_hits=5, window_seconds=24 * 60 * 60)
