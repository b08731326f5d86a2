"""Tasks of account security: the deferred half of a signed-out code request."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


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
