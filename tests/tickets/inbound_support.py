"""What the inbound tests share: a tiny image, a card number and its mask, an email."""

from __future__ import annotations

from typing import Any

from walletdesk.tickets.inbound import InboundMessage, Sender

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SECRET = "4111 1111 1111 1111"
MASK = "[card number removed]"


def email(address: str, text: str = "Hello", **kwargs: Any) -> InboundMessage:
    kwargs.setdefault("subject", "Help")
    return InboundMessage(channel="email", sender=Sender.email(address), text=text, **kwargs)
