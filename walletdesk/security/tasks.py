"""Tasks of account security (Huey finds this module by its name): the deferred half of a
signed-out code request, and the periodic completion of lost-device recoveries."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()  # type: ignore[untyped-decorator]  # huey is untyped
def code_issue_later(
    *,
    customer_id: int,
    purpose: str,
    channel: str,
    token: str,
    ip: str,
    user_agent: str,
    link_path: str = "",
) -> None:
    from walletdesk.security.codes import code_issue_deferred
    from walletdesk.security.contracts import Client

    code_issue_deferred(
        customer_id=customer_id,
        purpose=purpose,
        channel=channel,
        token=token,
        client=Client(ip=ip, user_agent=user_agent),
        link_path=link_path,
    )


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]  # huey is untyped
def complete_lost_device_recoveries() -> None:
    """Finish the lost-device recoveries whose waiting period is over (security/lostdevice.py);
    a customer who comes back first finishes their own on the spot."""
    from walletdesk.security.lostdevice import recovery_complete_due

    recovery_complete_due()
