"""One `Transport` per outbound channel, chosen from a registry.

`settings.OUTBOX_TRANSPORTS` (`WALLETDESK_OUTBOX_TRANSPORTS=channel=python.path.Class,…`)
replaces entries, e.g. an operator's SMS provider. Every default that would leave the machine
is a fake that writes readable files under `settings.OUTBOX_DIR`, except email, which goes to
SMTP once `WALLETDESK_SMTP_HOST` is set.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from walletdesk.outbox.choices import FailureReason, OutboundChannel
from walletdesk.outbox.transports.base import Transport, TransportError

__all__ = ["DEFAULT_TRANSPORTS", "Transport", "TransportError", "transport_for"]

_SOCIAL = "walletdesk.outbox.transports.social.FileSocialTransport"
DEFAULT_TRANSPORTS: dict[str, str] = {
    OutboundChannel.EMAIL: "walletdesk.outbox.transports.email.EmailTransport",
    OutboundChannel.SMS: "walletdesk.outbox.transports.sms.FileSmsTransport",
    OutboundChannel.CHAT: "walletdesk.outbox.transports.chat.ChatTransport",
    OutboundChannel.NOTE: "walletdesk.outbox.transports.note.NoteTransport",
    OutboundChannel.TELEGRAM: _SOCIAL,
    OutboundChannel.WECHAT: _SOCIAL,
    OutboundChannel.WHATSAPP: _SOCIAL,
    OutboundChannel.MESSENGER: _SOCIAL,
}


def transport_for(channel: str) -> Transport:
    path = {**DEFAULT_TRANSPORTS, **settings.OUTBOX_TRANSPORTS}.get(channel)
    if path is None:
        raise TransportError(
            f"no transport for {channel!r}", permanent=True, reason=FailureReason.NOT_CONFIGURED
        )
    try:
        transport_class = import_string(path)
    except ImportError:
        raise TransportError(
            f"transport {path!r} cannot be imported",  # a deployment mistake: retried
            reason=FailureReason.NOT_CONFIGURED,
        ) from None
    transport: Transport = transport_class()
    return transport
