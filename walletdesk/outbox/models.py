"""One row per message that leaves WalletDesk: the envelope, and how far its delivery got."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.outbox.choices import DeliveryState, FailureReason, OutboundChannel


class OutboundMessage(models.Model):
    channel = models.CharField(_("channel"), max_length=16, choices=OutboundChannel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=320, blank=True, help_text=_("Address on the channel.")
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Holds a one-time code: the text is erased once delivered and never shown."),
    )
    headers = models.JSONField(
        _("headers"),
        default=dict,
        blank=True,
        help_text=_("Message-ID, In-Reply-To, References, Auto-Submitted …"),
    )
    # The ticket message this delivers. A plain integer: the outbox sits below tickets.
    source_message_id = models.BigIntegerField(
        _("source message"), null=True, blank=True, db_index=True
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=128, unique=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When a deliverer may next take the row: now for a new one, after the backoff for a
    # retry, at the end of the claim while one is sending.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=clock.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    error_code = models.CharField(
        _("failure reason"), max_length=24, blank=True, choices=FailureReason.choices
    )
    last_error = models.CharField(
        _("last error"),
        max_length=255,
        blank=True,
        help_text=_("For operators: never an address, a secret or a message's text."),
    )
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: what is due, oldest first.
            models.Index(fields=["state", "next_attempt_at"], name="outbound_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.state})"
