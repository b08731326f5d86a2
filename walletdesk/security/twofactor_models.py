"""What two-step verification keeps: an authenticator per customer (its secret sealed, never
shown again after enrolment), hashed backup codes, and lost-device recoveries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.identity.models import Customer


class AuthenticatorDevice(models.Model):
    """A TOTP authenticator app (RFC 6238: 6 digits, 30-second steps, SHA-1, as every app
    reads it). `secret_sealed` is the key encrypted with a key derived from SECRET_KEY
    (`security/totp.py`); `last_step` is the last time step a code was accepted for, so the
    same code (or an older one) never works twice."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="authenticator"
    )
    secret_sealed = models.CharField(max_length=200, editable=False)
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=-1, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"authenticator #{self.pk}"


class BackupCode(models.Model):
    """One single-use backup code, stored as an HMAC keyed by the secret key."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="backup_codes")
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [
            models.UniqueConstraint(fields=["customer", "digest"], name="backup_code_unique")
        ]

    def __str__(self) -> str:
        return f"backup code #{self.pk}"


class RecoveryState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


class LostDeviceRecovery(models.Model):
    """A customer who lost their authenticator asked to reset two-step verification. Nothing
    changes until `completes_at`; until then anyone holding the cancel link (sent to every
    channel), the signed-in customer or the security team can stop it."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="lost_device_recoveries"
    )
    state = models.CharField(
        max_length=16, choices=RecoveryState.choices, default=RecoveryState.WAITING
    )
    cancel_digest = models.CharField(max_length=64, unique=True, editable=False)
    started_at = models.DateTimeField(default=clock.now)
    completes_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.CharField(max_length=64, blank=True)
    # After completion: the customer signs in with password + a code until they enrol again.
    reenrol_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("lost-device recovery")
        verbose_name_plural = _("lost-device recoveries")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["state", "completes_at"], name="recovery_due_idx")]

    def __str__(self) -> str:
        return f"recovery #{self.pk} ({self.state})"
