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
