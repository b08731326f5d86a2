"""Periodic work of account security (Huey finds this module by its name)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]  # huey is untyped
def complete_lost_device_recoveries() -> None:
    """Finish the lost-device recoveries whose waiting period is over (security/lostdevice.py);
    a customer who comes back first finishes their own on the spot."""
    from walletdesk.security.lostdevice import recovery_complete_due

    recovery_complete_due()
