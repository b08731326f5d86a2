"""What the freeze hands back to the channel that asked for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from walletdesk.vocab.choices import Channel


class FreezeVia(StrEnum):
    """Where the freeze was asked for. Each maps to the ticket channel it is recorded on."""

    PORTAL = "portal"  # signed in, after re-authentication
    PORTAL_CODE = "portal_code"  # signed out, with a code sent to the registered address
    CHAT = "chat"
    PHONE = "phone"  # the phone menu's emergency branch
    EMAIL = "email"
    API = "api"  # an agent, through the REST API

    @property
    def channel(self) -> str:
        return {
            FreezeVia.PORTAL: Channel.PORTAL,
            FreezeVia.PORTAL_CODE: Channel.PORTAL,
            FreezeVia.CHAT: Channel.CHAT,
            FreezeVia.PHONE: Channel.PHONE,
            FreezeVia.EMAIL: Channel.EMAIL,
            FreezeVia.API: Channel.API,
        }[self]


@dataclass(frozen=True)
class FreezeResult:
    """What happened. `frozen_at` is when the wallet was first frozen (kept when it already
    was); `wallet_frozen` is false only when no wallet is linked, or it cannot be found."""

    customer_id: int
    ticket_id: int
    ticket_reference: str
    ticket_created: bool
    frozen_at: datetime | None
    already_frozen: bool
    wallet_frozen: bool
    notices_queued: int
