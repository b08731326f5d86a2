"""The outbox's vocabularies: where a message goes, how far it got, and why it did not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboundChannel(models.TextChoices):
    """How a message leaves. Not the ticket's channel: a phone ticket is answered by SMS or
    kept as a note, a help-centre request by an email notification."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    CHAT = "chat", _("Live chat")
    NOTE = "note", _("Kept in WalletDesk")
    TELEGRAM = "telegram", _("Telegram")
    WECHAT = "wechat", _("WeChat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "messenger", _("Messenger")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED_TRANSIENT = "failed_transient", _("Retrying")
    FAILED_PERMANENT = "failed_permanent", pgettext_lazy("delivery state", "Failed")


# A row in one of these states is waiting for a deliverer: `next_attempt_at` says from when
# (for SENDING, when the current claim expires and a crashed deliverer's row is taken over).
PENDING_STATES = frozenset(
    {DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.FAILED_TRANSIENT}
)
FINAL_STATES = frozenset({DeliveryState.SENT, DeliveryState.FAILED_PERMANENT})


class FailureReason(models.TextChoices):
    """Why a delivery failed, in words an agent can act on. The stored detail beside it is for
    operators and never holds an address or a message's text."""

    NO_ADDRESS = "no_address", _("There is no address to send it to.")
    REFUSED = "refused", _("The recipient's server refused it.")
    REJECTED = "rejected", _("The provider rejected it.")
    UNREACHABLE = "unreachable", _("The provider could not be reached.")
    INTERRUPTED = "interrupted", _("Sending was interrupted.")
    NOT_CONFIGURED = "not_configured", _("This channel is not set up for sending.")
    UNKNOWN = "unknown", _("An unexpected error occurred.")
