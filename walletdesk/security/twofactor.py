"""Two-step verification: an authenticator app (TOTP), ten single-use backup codes, and codes
by SMS or email as the fallback; one check for all of them at sign-in and at step-up.

    enrolment = totp_enrol_begin(customer=c)            # show enrolment.qr_svg / secret_text
    backup = totp_enrol_confirm(customer=c, code=typed, client=client)   # show once
    how = second_factor_check(customer=c, code=typed, client=client, challenge=token)

Designed against an attacker who reads this file:

- The secret is sealed at rest (`totp.seal`) and shown only while enrolling; once confirmed no
  page shows it again. Backup codes are stored as HMACs, shown once.
- A code is accepted for now ±1 step and only for a step after the last accepted one (one
  conditional UPDATE, so two racing requests cannot both use it). A backup code is spent by one
  conditional UPDATE too.
- Every check counts against a lock per (account, client) and a ceiling per account
  (`TWO_FACTOR_CLIENT`, `TWO_FACTOR_ACCOUNT`): five guesses at a six-digit code per client,
  twenty per account per hour whoever guesses.
- Turning it off and new backup codes are announced on every channel the customer has.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.core import clock
from walletdesk.core.errors import DomainError
from walletdesk.core.ratelimit import TWO_FACTOR_ACCOUNT, TWO_FACTOR_CLIENT
from walletdesk.identity.models import Customer
from walletdesk.security import totp
from walletdesk.security.codes import CodeInvalid, code_check, code_send_to_customer
from walletdesk.security.contracts import Challenge, Client
from walletdesk.security.events import security_event_record
from walletdesk.security.lostdevice import recovery_complete_due
from walletdesk.security.models import (
    AuthenticatorDevice,
    BackupCode,
    CodePurpose,
    LostDeviceRecovery,
    OneTimeCode,
    RecoveryState,
    SecurityEventKind,
)
from walletdesk.security.notify import in_customer_language, notify_security_event

BACKUP_CODE_COUNT = 10
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_BACKUP_LENGTH = 10


class SecondFactorInvalid(DomainError):
    code = "second_factor_invalid"
    status = 400
    default_message = gettext_lazy(
        "That code is not right or has already been used. Check your authenticator app and "
        "try again, or use a backup code."
    )


class TwoFactorState(DomainError):
    code = "two_factor_state"
    status = 409
    default_message = gettext_lazy("Two-step verification has changed. Please reload the page.")


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the QR code and the same secret for typing in."""

    qr_svg: str
    secret_text: str
    uri: str


# --- Reads ------------------------------------------------------------------------------------


def two_factor_enabled(customer: Customer) -> bool:
    return AuthenticatorDevice.objects.filter(customer=customer, confirmed=True).exists()


def reenrol_pending(customer: Customer) -> bool:
    """True after a lost-device recovery reset the factor and before the customer enrolled
    again: they sign in with their password and a code sent to them."""
    return LostDeviceRecovery.objects.filter(
        customer=customer, state=RecoveryState.COMPLETED, reenrol_pending=True
    ).exists()


def backup_codes_left(customer: Customer) -> int:
    return BackupCode.objects.filter(customer=customer, used_at__isnull=True).count()


def two_factor_since(customer: Customer) -> AuthenticatorDevice | None:
    return AuthenticatorDevice.objects.filter(customer=customer, confirmed=True).first()


# --- Enrolment --------------------------------------------------------------------------------


def totp_enrol_begin(*, customer: Customer) -> Enrolment:
    """Start (or show again) an unconfirmed authenticator. Refused once one is confirmed: the
    secret of a working authenticator is never shown again."""
    with transaction.atomic():
        device = AuthenticatorDevice.objects.select_for_update().filter(customer=customer).first()
        if device is not None and device.confirmed:
            raise TwoFactorState()
        if device is None:
            device = AuthenticatorDevice.objects.create(
                customer=customer, secret_sealed=totp.seal(totp.totp_secret_new())
            )
    try:
        secret = totp.unseal(device.secret_sealed)
    except ValueError:  # sealed under an earlier secret key: start with a new one
        secret = totp.totp_secret_new()
        AuthenticatorDevice.objects.filter(pk=device.pk).update(secret_sealed=totp.seal(secret))
    uri = totp.totp_uri(secret, account=customer.email or customer.phone or customer.ref)
    return Enrolment(
        qr_svg=totp.totp_qr_svg(uri), secret_text=totp.totp_secret_text(secret), uri=uri
    )


def totp_enrol_restart(*, customer: Customer) -> None:
    """Forget an unconfirmed authenticator (a new secret next time)."""
    AuthenticatorDevice.objects.filter(customer=customer, confirmed=False).delete()


def totp_enrol_confirm(*, customer: Customer, code: str, client: Client) -> list[str]:
    """Confirm the authenticator with a current code; returns the new backup codes (shown
    once). `SecondFactorInvalid` for a wrong code."""
    _throttle(customer, client)
    device = AuthenticatorDevice.objects.filter(customer=customer, confirmed=False).first()
    if device is None:
        raise TwoFactorState()
    try:
        secret = totp.unseal(device.secret_sealed)
    except ValueError:
        raise TwoFactorState() from None
    step = totp.totp_step_matching(secret, code, after_step=device.last_step)
    if step is None:
        raise SecondFactorInvalid()
    with transaction.atomic():
        if not AuthenticatorDevice.objects.filter(pk=device.pk, confirmed=False).update(
            confirmed=True, confirmed_at=clock.now(), last_step=step
        ):
            raise TwoFactorState()
        LostDeviceRecovery.objects.filter(customer=customer, reenrol_pending=True).update(
            reenrol_pending=False
        )
        # A recovery still waiting is moot once the customer has a working authenticator again.
        LostDeviceRecovery.objects.filter(customer=customer, state=RecoveryState.WAITING).update(
            state=RecoveryState.CANCELLED, finished_at=clock.now(), finished_by="re-enrolled"
        )
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.TWO_FACTOR_ENABLED,
            client=client,
            actor=f"customer:{customer.pk}",
            data={"method": "totp"},
        )
        with in_customer_language(customer):
            headline = _("Two-step verification was turned on for your WalletDesk account.")
        notify_security_event(event=event, headline=headline)
        codes = _backup_codes_replace(customer, client, announce=False)
    TWO_FACTOR_CLIENT.reset(f"customer:{customer.pk}", client.rate_key)
    return codes


# --- Turning off, new backup codes --------------------------------------------------------------


def two_factor_disable(*, customer: Customer, client: Client, actor: str = "") -> None:
    """Remove the authenticator and the backup codes; announced on every channel."""
    with transaction.atomic():
        deleted, _rows = AuthenticatorDevice.objects.filter(customer=customer).delete()
        BackupCode.objects.filter(customer=customer).delete()
        LostDeviceRecovery.objects.filter(customer=customer, reenrol_pending=True).update(
            reenrol_pending=False
        )
        if not deleted:
            return
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.TWO_FACTOR_DISABLED,
            client=client,
            actor=actor or f"customer:{customer.pk}",
            data={"method": "totp"},
        )
        with in_customer_language(customer):
            headline = _("Two-step verification was turned off for your WalletDesk account.")
        notify_security_event(event=event, headline=headline)


def backup_codes_regenerate(*, customer: Customer, client: Client) -> list[str]:
    """Ten new backup codes (the old ones stop working); announced on every channel."""
    if not two_factor_enabled(customer):
        raise TwoFactorState()
    with transaction.atomic():
        return _backup_codes_replace(customer, client, announce=True)


def _backup_codes_replace(customer: Customer, client: Client, *, announce: bool) -> list[str]:
    BackupCode.objects.filter(customer=customer).delete()
    codes = [
        "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_BACKUP_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    now = clock.now()
    BackupCode.objects.bulk_create(
        BackupCode(customer=customer, digest=_backup_digest(customer, code), created_at=now)
        for code in codes
    )
    event = security_event_record(
        customer=customer,
        kind=SecurityEventKind.BACKUP_CODES_CREATED,
        client=client,
        actor=f"customer:{customer.pk}",
        data={"count": BACKUP_CODE_COUNT},
    )
    if announce:
        with in_customer_language(customer):
            headline = _("New backup codes were created for your WalletDesk account.")
        notify_security_event(event=event, headline=headline)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


# --- The check --------------------------------------------------------------------------------


def second_factor_code_send(
    *,
    customer: Customer,
    client: Client,
    channel: str,
    purpose: CodePurpose | str = CodePurpose.TWO_FACTOR,
) -> Challenge:
    """A code by SMS or email to the registered address, as the second factor."""
    return code_send_to_customer(purpose=purpose, customer=customer, client=client, channel=channel)


def second_factor_check(
    *,
    customer: Customer,
    code: str,
    client: Client,
    challenge: str = "",
    purpose: CodePurpose | str = CodePurpose.TWO_FACTOR,
    allow_totp: bool = True,
) -> str:
    """Check what the customer typed: an authenticator code, a backup code, or the code sent
    with `challenge`. Returns how (totp, backup_code, sms, email); `SecondFactorInvalid`."""
    _throttle(customer, client)
    if allow_totp and _totp_accept(customer, code):
        how = "totp"
    elif allow_totp and _backup_accept(customer, code):
        how = "backup_code"
    elif challenge and totp.clean_digits(code, 6):
        how = _sent_code_accept(customer, challenge, code, client, purpose)
    else:
        raise SecondFactorInvalid()
    TWO_FACTOR_CLIENT.reset(f"customer:{customer.pk}", client.rate_key)
    return how


def _throttle(customer: Customer, client: Client) -> None:
    TWO_FACTOR_CLIENT.hit(f"customer:{customer.pk}", client.rate_key)
    TWO_FACTOR_ACCOUNT.hit(f"customer:{customer.pk}")


def _totp_accept(customer: Customer, code: str) -> bool:
    device = AuthenticatorDevice.objects.filter(customer=customer, confirmed=True).first()
    if device is None:
        return False
    try:
        secret = totp.unseal(device.secret_sealed)
    except ValueError:
        return False  # sealed under another key: the customer must recover
    step = totp.totp_step_matching(secret, code, after_step=device.last_step)
    if step is None:
        return False
    # Only one request can move the step forward: a replay in a race loses here.
    return bool(
        AuthenticatorDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
    )


def _backup_accept(customer: Customer, code: str) -> bool:
    typed = "".join(ch for ch in (code or "")[:64].lower() if ch.isalnum())
    if len(typed) != _BACKUP_LENGTH:
        return False
    return bool(
        BackupCode.objects.filter(
            customer=customer, digest=_backup_digest(customer, typed), used_at__isnull=True
        ).update(used_at=clock.now())
    )


def _sent_code_accept(
    customer: Customer, challenge: str, code: str, client: Client, purpose: CodePurpose | str
) -> str:
    try:
        owner = code_check(purpose=purpose, token=challenge, code=code, client=client)
    except CodeInvalid:
        raise SecondFactorInvalid() from None
    if owner.pk != customer.pk:
        raise SecondFactorInvalid()
    digest = hashlib.sha256(challenge.encode()).hexdigest()
    row = OneTimeCode.objects.filter(token_digest=digest).only("channel").first()
    return str(row.channel) if row is not None else "email"


def _backup_digest(customer: Customer, code: str) -> str:
    key = hashlib.sha256(b"walletdesk-backup-code:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{customer.pk}:{code}".encode(), hashlib.sha256).hexdigest()


def second_factor_mode(customer: Customer) -> str:
    """What a customer needs after their password: "totp" (authenticator, backup code or a
    code sent to them), "code" (a code sent to them: a recovery reset their factor and they
    have not enrolled again) or "" (nothing). A recovery whose wait is over completes here."""
    recovery_complete_due(customer=customer)
    if two_factor_enabled(customer):
        return "totp"
    return "code" if reenrol_pending(customer) else ""
