"""Lost-device recovery: the way back for a customer who lost their authenticator, built
against a SIM swap.

Whoever holds the password and one registered address (a swapped SIM gives a thief the phone
number) could otherwise remove the second factor at once. So proving both only *starts* a
recovery: it waits `TWO_FACTOR_RECOVERY_HOURS` (72 by default), is announced at once on every
channel the customer has, with a link that cancels it and needs nothing but its own secret,
and nothing changes during the wait. Then (when the customer comes back, or the periodic sweep
in `security/tasks.py` runs) the authenticator and backup codes are removed; the customer signs
in with the password and a code sent to them, and is asked to enrol again. The customer
(signed in, or by the link) and the security team (the admin) can cancel it until then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.audit.services import SYSTEM
from walletdesk.core import clock
from walletdesk.core.errors import DomainError
from walletdesk.core.ratelimit import RECOVERY_START
from walletdesk.identity.models import Customer
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.models import (
    AuthenticatorDevice,
    BackupCode,
    LostDeviceRecovery,
    RecoveryState,
    SecurityEventKind,
)
from walletdesk.security.notify import SERVICE_ZONE, in_customer_language, notify_security_event


class RecoveryLinkInvalid(DomainError):
    code = "recovery_link_invalid"
    status = 404
    default_message = gettext_lazy(
        "This link does not belong to a recovery that is still waiting. It may have been "
        "cancelled or completed already."
    )


def recovery_wait() -> dt.timedelta:
    return dt.timedelta(hours=int(settings.TWO_FACTOR_RECOVERY_HOURS))


def recovery_waiting(customer: Customer) -> LostDeviceRecovery | None:
    return LostDeviceRecovery.objects.filter(customer=customer, state=RecoveryState.WAITING).first()


def recovery_start(
    *, customer: Customer, client: Client, cancel_url_for: str
) -> tuple[LostDeviceRecovery, bool]:
    """Start a recovery for `customer`, who has just proven their password and a code sent to
    a registered address. Returns (recovery, started now?): one already waiting keeps its
    clock. `cancel_url_for` is the cancel page's absolute URL with `{token}` in it."""
    RECOVERY_START.hit(f"customer:{customer.pk}")
    with transaction.atomic():
        Customer.objects.select_for_update().filter(pk=customer.pk).first()
        waiting = recovery_waiting(customer)
        if waiting is not None:
            return waiting, False
        token = secrets.token_urlsafe(32)
        now = clock.now()
        recovery = LostDeviceRecovery.objects.create(
            customer=customer,
            cancel_digest=_digest(token),
            started_at=now,
            completes_at=now + recovery_wait(),
        )
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.RECOVERY_STARTED,
            client=client,
            actor=f"customer:{customer.pk}",
            data={"recovery": recovery.pk},
        )
        with in_customer_language(customer):
            when = timezone.localtime(recovery.completes_at, SERVICE_ZONE).strftime(
                "%Y-%m-%d %H:%M"
            )
            headline = _(
                "Someone asked to remove two-step verification from your WalletDesk account "
                "because the authenticator was lost. It will be removed on %(when)s (Beijing "
                "time) unless you cancel."
            ) % {"when": when}
            advice = _(
                "If this was not you, cancel it here: %(url)s — then change your password and "
                "freeze your wallet. Nothing changes before that time."
            ) % {"url": cancel_url_for.replace("{token}", token)}
        notify_security_event(event=event, headline=headline, advice=advice)
    return recovery, True


def recovery_cancel(*, recovery: LostDeviceRecovery, client: Client, actor: str) -> bool:
    """Stop a waiting recovery. False when it was no longer waiting."""
    with transaction.atomic():
        if not LostDeviceRecovery.objects.filter(
            pk=recovery.pk, state=RecoveryState.WAITING
        ).update(state=RecoveryState.CANCELLED, finished_at=clock.now(), finished_by=actor[:64]):
            return False
        customer = recovery.customer
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.RECOVERY_CANCELLED,
            client=client,
            actor=actor,
            data={"recovery": recovery.pk},
        )
        with in_customer_language(customer):
            headline = _(
                "The request to remove two-step verification from your account was cancelled. "
                "Your authenticator app keeps working."
            )
        notify_security_event(event=event, headline=headline)
    return True


def recovery_cancel_by_link(*, token: str, client: Client) -> LostDeviceRecovery:
    """Cancel the waiting recovery the link's secret names; `RecoveryLinkInvalid` otherwise."""
    recovery = recovery_by_link(token)
    if not recovery_cancel(recovery=recovery, client=client, actor="cancel-link"):
        raise RecoveryLinkInvalid()
    return recovery


def recovery_by_link(token: str) -> LostDeviceRecovery:
    if not token or len(token) > 128:
        raise RecoveryLinkInvalid()
    recovery = (
        LostDeviceRecovery.objects.select_related("customer")
        .filter(cancel_digest=_digest(token), state=RecoveryState.WAITING)
        .first()
    )
    if recovery is None:
        raise RecoveryLinkInvalid()
    return recovery


def recovery_complete_due(*, customer: Customer | None = None) -> int:
    """Complete every waiting recovery whose time has come (only `customer`'s, if given):
    remove the authenticator and the backup codes. Returns how many were completed."""
    due = LostDeviceRecovery.objects.filter(
        state=RecoveryState.WAITING, completes_at__lte=clock.now()
    ).select_related("customer")
    if customer is not None:
        due = due.filter(customer=customer)
    done = 0
    for recovery in due[:500]:
        done += _complete(recovery)
    return done


def _complete(recovery: LostDeviceRecovery) -> int:
    with transaction.atomic():
        if not LostDeviceRecovery.objects.filter(
            pk=recovery.pk, state=RecoveryState.WAITING
        ).update(
            state=RecoveryState.COMPLETED,
            finished_at=clock.now(),
            finished_by=SYSTEM,
            reenrol_pending=True,
        ):
            return 0  # cancelled or completed by someone else a moment ago
        customer = recovery.customer
        AuthenticatorDevice.objects.filter(customer=customer).delete()
        BackupCode.objects.filter(customer=customer).delete()
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.RECOVERY_COMPLETED,
            data={"recovery": recovery.pk},
        )
        with in_customer_language(customer):
            headline = _(
                "Two-step verification was removed from your WalletDesk account after the "
                "waiting period. Sign in with your password and a code we send you, then set "
                "up your authenticator app again."
            )
        notify_security_event(event=event, headline=headline)
    return 1


def _digest(token: str) -> str:
    return hashlib.sha256(b"walletdesk-recovery:" + token.encode()).hexdigest()
