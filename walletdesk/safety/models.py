"""The registry of this operator's official channels.

Customers (and the public verification endpoint, later) check a phone number, email address,
domain or social account against it before trusting a message that claims to be from support.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock


class ChannelKind(models.TextChoices):
    DOMAIN = "domain", _("Web domain")
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    TELEGRAM = "telegram", _("Telegram account")
    WECHAT = "wechat", _("WeChat Official Account")
    WHATSAPP = "whatsapp", _("WhatsApp number")
    MESSENGER = "messenger", _("Facebook page")


class OfficialChannel(models.Model):
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    value = models.CharField(
        max_length=255, help_text=_("As customers see it, e.g. +86 400-800-8888")
    )
    normalized = models.CharField(max_length=255, editable=False)
    label = models.CharField(max_length=120, blank=True)
    service_hours = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("official channel")
        verbose_name_plural = _("official channels")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "normalized"], name="official_channel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalized = normalize(self.kind, self.value)
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's kwargs are typed


def normalize(kind: str, value: str) -> str:
    """One spelling per channel, so "+86 400-800-8888" and "4008008888" compare equal."""
    text = value.strip()
    if kind in {ChannelKind.PHONE, ChannelKind.WHATSAPP}:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) == 10 and digits.startswith("400"):
            digits = "86" + digits
        return "+" + digits
    if kind == ChannelKind.TELEGRAM:
        return text.lower().lstrip("@")
    if kind == ChannelKind.WECHAT:
        return text
    return text.lower().rstrip(".")


class ReportState(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed as fake")
    REJECTED = "rejected", _("Not confirmed")


class ReportCategory(models.TextChoices):
    LINK = "link", _("A link or website")
    MESSAGE = "message", _("A message (SMS, email, chat)")
    NUMBER = "number", _("A phone number")
    ACCOUNT = "account", _("A social media account")
    AGENT = "agent", _("Someone claiming to be support")


class ReportedValue(models.Model):
    """One value someone reported as phishing or fake support. Once the security team confirms
    it, verification answers "reported" for it and for every spelling of it (`normalized`).

    `ticket_id` and `confirmed_by` are plain ids: tickets and people sit above this app."""

    value = models.CharField(max_length=500)
    kind = models.CharField(max_length=16)  # safety.verify.ValueKind
    normalized = models.CharField(max_length=500)
    category = models.CharField(max_length=16, choices=ReportCategory.choices)
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.NEW)
    ticket_id = models.PositiveBigIntegerField(db_index=True)
    confirmed_by = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "normalized", "state"], name="reported_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.value[:60]}"
