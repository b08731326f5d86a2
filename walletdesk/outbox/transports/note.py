"""For channels with no way out (a phone call without SMS, the API): the message is kept in
WalletDesk, where an agent or an integrator reads it. Nothing leaves the machine."""

from __future__ import annotations

from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport


class NoteTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        return f"note:{delivery.key}"
