"""SMS. The interface is `Transport`; an operator's provider plugs in through
`WALLETDESK_OUTBOX_TRANSPORTS=sms=python.path.Class`. Until then, the fake writes each text to
`OUTBOX_DIR/sms/<key>.txt`, where a person can read it."""

from __future__ import annotations

from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, require_recipient
from walletdesk.outbox.transports.files import deliver_to_file


class FileSmsTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        to = require_recipient(delivery)
        deliver_to_file("sms", delivery.key, f"To: {to}\n\n{delivery.body}\n")
        return f"sms-file:{delivery.key}"
