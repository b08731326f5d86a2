"""Telegram, WeChat, WhatsApp and Messenger, faked until their connectors exist: each message is
written to `OUTBOX_DIR/<channel>/<key>.txt`."""

from __future__ import annotations

from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, require_recipient
from walletdesk.outbox.transports.files import deliver_to_file


class FileSocialTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        to = require_recipient(delivery)
        deliver_to_file(delivery.channel, delivery.key, f"To: {to}\n\n{delivery.body}\n")
        return f"{delivery.channel}-file:{delivery.key}"
