"""Live chat: an agent's reply reaches the widget as an entry of the conversation, numbered and
announced by the chat app in the very transaction that stored the message
(walletdesk/chat/services/entries.py; a reconnecting widget reads it back from there). Nothing
is left to send here: the delivery is recorded as sent once that entry exists.

The outbox sits below the chat app, so the chat app registers how to check
(`entry_check_register`, from ChatConfig.ready). A reply whose conversation has ended never
comes here: tickets/delivery.py sends it by email instead."""

from __future__ import annotations

from collections.abc import Callable

from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, TransportError, require_recipient

EntryCheck = Callable[[int], bool]
_entry_exists: EntryCheck | None = None


def entry_check_register(check: EntryCheck | None) -> None:
    global _entry_exists
    _entry_exists = check


class ChatTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        require_recipient(delivery)
        if delivery.source_message_id is None:
            raise TransportError(
                "no message to deliver", permanent=True, reason=FailureReason.REJECTED
            )
        if _entry_exists is None:  # the chat app is not installed (yet): try again later
            raise TransportError("no chat entry check", reason=FailureReason.NOT_CONFIGURED)
        if not _entry_exists(delivery.source_message_id):
            raise TransportError(
                "the message is no entry of a live chat",
                permanent=True,
                reason=FailureReason.REJECTED,
            )
        return f"chat:{delivery.key}"
