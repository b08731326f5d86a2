"""One way in: every channel (portal form, API, console, and the connectors to come) turns what
it received into an `InboundMessage` and calls `inbound_receive`."""

from walletdesk.tickets.inbound.contracts import InboundMessage, InboundResult, Sender, SenderKind
from walletdesk.tickets.inbound.service import inbound_receive

__all__ = ["InboundMessage", "InboundResult", "Sender", "SenderKind", "inbound_receive"]
