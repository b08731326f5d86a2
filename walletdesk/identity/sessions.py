"""Ending every session, socket and API token of a person at once.

Each console user and customer has a `session_epoch`. It is folded into the hash every session
carries (console: `User.get_session_auth_hash`, portal: `Customer.session_auth_hash`), so raising
it makes every existing session invalid on its next request; API tokens are stamped with the
epoch they were issued under and stop working when it moves on (checked by the API's token
authentication, which sits above this layer); open sockets are told to close at once through
`core.events.send_sessions_revoked_on_commit` (and would notice at their next session check).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from walletdesk.audit.services import SYSTEM, audit_record
from walletdesk.core.events import send_sessions_revoked_on_commit
from walletdesk.identity.models import Customer, User


@transaction.atomic
def sessions_revoke(
    *,
    user: User | None = None,
    customer: Customer | None = None,
    by: str = SYSTEM,
    reason: str = "",
) -> None:
    """End every session, socket and API token of `user` and/or `customer`. The objects passed
    in are updated, so a session that should live on can be re-stamped from them (Django's
    `update_session_auth_hash`, or `portal_login`). `by` (an audit actor such as "user:3") and
    `reason` (a short code such as "password_changed") go to the audit trail."""
    for target in ([f"user:{user.pk}"] if user else []) + (
        [f"customer:{customer.pk}"] if customer else []
    ):
        audit_record(actor=by, action="sessions.revoke", target=target, data={"reason": reason})
    if user is not None:
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        user.refresh_from_db(fields=["session_epoch"])
        send_sessions_revoked_on_commit(user_id=user.pk)
    if customer is not None:
        Customer.objects.filter(pk=customer.pk).update(session_epoch=F("session_epoch") + 1)
        customer.refresh_from_db(fields=["session_epoch"])
        send_sessions_revoked_on_commit(customer_id=customer.pk)
