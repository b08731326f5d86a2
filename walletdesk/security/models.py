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


class UnfreezeVerification(models.TextChoices):
    """How the console user who asks for an unfreeze made sure it is the customer."""

    SMS_CODE = "sms_code", _("Code sent to the registered phone")
    EMAIL_CODE = "email_code", _("Code sent to the registered email address")
    VIDEO_CALL = "video_call", _("Video call with the customer")
    ID_DOCUMENT = "id_document", _("ID document check")


class UnfreezeState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Unfreeze approved")
    REJECTED = "rejected", _("Unfreeze rejected")
    CANCELLED = "cancelled", _("Withdrawn by the requester")


class UnfreezeRequest(models.Model):
    """A console user's request to unfreeze a customer's wallet, after verifying who the
    customer is. Dual control: a second console user approves it, never the one who asked;
    the database refuses it too (`unfreeze_approver_not_requester`)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="unfreeze_requests"
    )
    requested_by = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="unfreeze_requests"
    )
    verification = models.CharField(max_length=16, choices=UnfreezeVerification.choices)
    verification_note = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    state = models.CharField(
        max_length=16, choices=UnfreezeState.choices, default=UnfreezeState.PENDING
    )
    approved_by = models.ForeignKey(
        "identity.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unfreezes_approved",
    )
    rejected_by = models.ForeignKey(
        "identity.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unfreezes_rejected",
    )
    decision_note = models.CharField(max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unfreeze_requests",
    )
    created_at = models.DateTimeField(default=clock.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("unfreeze request")
        verbose_name_plural = _("unfreeze requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("requested_by")),
                name="unfreeze_approver_not_requester",
            ),
            models.CheckConstraint(
                condition=models.Q(rejected_by__isnull=True)
                | ~models.Q(rejected_by=models.F("requested_by")),
                name="unfreeze_rejecter_not_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(approved_by__isnull=False),
                name="unfreeze_approved_has_approver",
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(state="pending"),
                name="unfreeze_one_pending_per_customer",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="unfreeze_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} #{self.pk}"


class ContactCode(models.Model):
    """A one-time contact code: an agent who contacts a customer quotes it, the customer sees it
    in the portal, and a caller who cannot say it is not us.

    The code itself is not stored: it is an HMAC of `salt` keyed with the secret key
    (`security.contact_codes`), so a copy of the database does not give it; it is shown only
    to the agent who created it and to the customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contact_codes")
    agent = models.ForeignKey(
        "identity.User", on_delete=models.CASCADE, related_name="contact_codes"
    )
    ticket_id = models.PositiveBigIntegerField(null=True, blank=True)
    salt = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact code")
        verbose_name_plural = _("contact codes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "expires_at"], name="contact_code_customer_idx")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class PortalSession(models.Model):
    """One signed-in portal session of a customer, for the check-up's list of devices.

    Written when a sign-in completes (`web/portal/signin.py`). `session_key` is the key the
    session store already holds (Django's database sessions keep it as it is); it is kept so
    that "sign out this device" can delete that session from the store. It is never shown:
    pages name a session by `public_id`, and `key_digest` finds the row of the current one.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="portal_sessions")
    public_id = models.CharField(max_length=32, unique=True, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    session_key = models.CharField(max_length=64, editable=False)
    device = models.CharField(max_length=120, blank=True)
    network = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    last_seen_at = models.DateTimeField(default=clock.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signed-in device")
        verbose_name_plural = _("signed-in devices")
        ordering = ["-last_seen_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "ended_at"], name="portal_session_customer_idx")
        ]

    def __str__(self) -> str:
        return f"{self.device or '?'} ({self.created_at:%Y-%m-%d %H:%M})"


# Two-step verification's models live beside these (imported here so Django finds them).
from walletdesk.security.twofactor_models import (  # noqa: E402
    AuthenticatorDevice as AuthenticatorDevice,
)
from walletdesk.security.twofactor_models import BackupCode as BackupCode  # noqa: E402
from walletdesk.security.twofactor_models import (  # noqa: E402
    LostDeviceRecovery as LostDeviceRecovery,
)
from walletdesk.security.twofactor_models import RecoveryState as RecoveryState  # noqa: E402
