"""The shape every outbound channel shares (after Healthchecks' `hc/api/transports.py`)."""

from __future__ import annotations

from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery


class TransportError(Exception):
    """A send that did not happen. `permanent` says whether trying again could help.

    `message` is kept for operators (`OutboundMessage.last_error`): write what went wrong in the
    transport's own words — a status code, an exception's class — never an address, a token or
    the message's text."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        reason: str = FailureReason.UNKNOWN,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.reason = reason


class Transport:
    """Sends one delivery. Return the provider's id for it; raise `TransportError` otherwise.

    A send may be repeated for the same delivery (a crash between sending and recording it):
    transports that can should be idempotent by `delivery.key`, and the others say what a
    receiver can use to drop the copy (email: the stored Message-ID)."""

    def send(self, delivery: Delivery) -> str:
        raise NotImplementedError


def require_recipient(delivery: Delivery) -> str:
    if not delivery.recipient.strip():
        raise TransportError("no recipient", permanent=True, reason=FailureReason.NO_ADDRESS)
    return delivery.recipient.strip()
