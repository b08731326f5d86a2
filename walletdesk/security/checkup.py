"""What the security check-up reads about an account beyond its events and devices.

`two_factor_state` is one small function on purpose: two-step verification is built apart,
and replaces it with the real answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.core import clock
from walletdesk.identity.models import Customer

OLD_PASSWORD_DAYS = 365


@dataclass(frozen=True)
class TwoFactorState:
    enabled: bool
    methods: tuple[str, ...] = ()
    manage_path: str = "/security/two-factor/"


def two_factor_state(customer: Customer) -> TwoFactorState:
    """Whether `customer` has two-step verification on (not yet built here: off)."""
    return TwoFactorState(enabled=False)


def password_age_days(customer: Customer) -> int | None:
    """Days since the password was last set, or None when unknown."""
    if customer.password_changed_at is None:
        return None
    return max(0, (clock.now() - customer.password_changed_at).days)
