"""What the security check-up reads about an account beyond its events and devices.

`two_factor_state` asks the two-step verification module (`security/twofactor.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.security.twofactor import backup_codes_left, two_factor_enabled

OLD_PASSWORD_DAYS = 365


@dataclass(frozen=True)
class TwoFactorState:
    enabled: bool
    methods: tuple[str, ...] = ()
    manage_path: str = "/security/two-factor/"


def two_factor_state(customer: Customer) -> TwoFactorState:
    """Whether `customer` has two-step verification on, and with what."""
    if not two_factor_enabled(customer):
        return TwoFactorState(enabled=False)
    methods = ("totp", "backup_codes") if backup_codes_left(customer) else ("totp",)
    return TwoFactorState(enabled=True, methods=methods)


def password_age_days(customer: Customer) -> int | None:
    """Days since the password was last set, or None when unknown."""
    if customer.password_changed_at is None:
        return None
    return max(0, (clock.now() - customer.password_changed_at).days)
