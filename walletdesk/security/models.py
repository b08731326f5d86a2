"""What account security keeps: one-time codes (only their digests) and security events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.identity.models import Customer


class CodePurpose(models.TextChoices):
    """What a one-time code proves. A code is good only for the purpose it was sent for."""

    FREEZE = "freeze", _("Freeze the wallet")
    PASSWORD_RESET = "password_reset", _("Reset the password")
    SIGN_IN_HELP = "sign_in_help", _("Confirm a request for help")
    STEP_UP = "step_up", _("Confirm a sensitive change")
    TWO_FACTOR = "two_factor", _("Sign in")
    RECOVERY = "recovery", _("Recover two-step verification")
    CONTACT_CHANGE = "contact_change", _("Confirm a new email address or phone number")


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class OneTimeCode(models.Model):
    """A 6-digit code sent to a customer's registered address. Only digests are stored: the
    challenge token (held by the browser or the caller that asked for the code) by SHA-256,
    the code by an HMAC keyed with the secret key and bound to the token."""

    purpose = models.CharField(max_length=24, choices=CodePurpose.choices)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="codes")
    channel = models.CharField(max_length=8, choices=CodeChannel.choices)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    code_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "purpose", "created_at"], name="code_customer_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Wrong password entered")
    SIGNED_OUT = "signed_out", _("Signed out")
    SESSIONS_ENDED = "sessions_ended", _("Signed out everywhere")
    SESSION_ENDED = "session_ended", _("A signed-in device was signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset with a code")
    CODE_SENT = "code_sent", _("Verification code sent")
    FROZEN = "frozen", _("Wallet frozen")
    UNFREEZE_REQUESTED = "unfreeze_requested", _("Unfreeze requested")
    UNFROZEN = "unfrozen", _("Wallet unfrozen")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-step verification turned on")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-step verification turned off")
    BACKUP_CODES_CREATED = "backup_codes_created", _("New backup codes created")
    RECOVERY_STARTED = "recovery_started", _("Lost-device recovery started")
    RECOVERY_CANCELLED = "recovery_cancelled", _("Lost-device recovery cancelled")
    RECOVERY_COMPLETED = "recovery_completed", _("Lost-device recovery completed")
    CONTACT_CHANGED = "contact_changed", _("Email address or phone number changed")
    EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Evidence bundle downloaded")
    PHISHING_REPORTED = "phishing_reported", _("Suspicious contact reported")


class SecurityEvent(models.Model):
    """Something that happened to a customer's account, as they and the security team see it.
    `client` is a coarse network (the last part of the address dropped) and `device` a short
    browser description: enough to recognise a device, not to track a person."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="security_events")
    kind = models.CharField(max_length=32, choices=SecurityEventKind.choices)
    at = models.DateTimeField(default=clock.now)
    client = models.CharField(max_length=64, blank=True)
    device = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text=_("Codes and ids only."))

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["customer", "-at"], name="security_event_customer_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


# Two-step verification's models live beside these (imported here so Django finds them).
from walletdesk.security.twofactor_models import (  # noqa: E402
    AuthenticatorDevice as AuthenticatorDevice,
)
from walletdesk.security.twofactor_models import BackupCode as BackupCode  # noqa: E402
from walletdesk.security.twofactor_models import (  # noqa: E402
    LostDeviceRecovery as LostDeviceRecovery,
)
from walletdesk.security.twofactor_models import RecoveryState as RecoveryState  # noqa: E402
