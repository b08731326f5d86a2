"""What crosses the outbox's border: frozen dataclasses, never its model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from walletdesk.outbox.choices import DeliveryState, FailureReason, OutboundChannel


@dataclass(frozen=True)
class Envelope:
    """What a caller asks the outbox to deliver."""

    channel: str
    recipient: str
    body: str
    idempotency_key: str
    subject: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    source_message_id: int | None = None
    # A one-time code or the like: its text is erased once delivered, and never shown.
    sensitive: bool = False


@dataclass(frozen=True)
class Queued:
    """The outbox's answer to an enqueue: the row's id and, for email, its Message-ID."""

    id: int
    message_id: str
    created: bool


@dataclass(frozen=True)
class Delivery:
    """One attempt to send, as a transport sees it."""

    id: int
    key: str
    channel: str
    recipient: str
    subject: str
    body: str
    headers: Mapping[str, str]
    attempt: int
    source_message_id: int | None


@dataclass(frozen=True)
class DeliveryStatus:
    """How far one outbound message got, for showing beside the message it delivers."""

    id: int
    source_message_id: int
    channel: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
    error_code: str

    @property
    def channel_label(self) -> str | Promise:
        return OutboundChannel(self.channel).label

    @property
    def state_label(self) -> str | Promise:
        return DeliveryState(self.state).label

    @property
    def reason(self) -> str | Promise:
        return FailureReason(self.error_code or FailureReason.UNKNOWN).label

    @property
    def leaves(self) -> bool:
        """False for notes: the message stays in WalletDesk, nothing goes out."""
        return self.channel != OutboundChannel.NOTE
