"""Signal receivers, connected in ChatConfig.ready."""

from __future__ import annotations

from typing import Any

from walletdesk.chat.models import Entry
from walletdesk.chat.services.entries import message_entry
from walletdesk.tickets.choices import Channel, MessageKind
from walletdesk.tickets.models import Message


def on_message_saved(
    sender: type[Message], instance: Message, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Every public message on a chat ticket becomes an entry of its live conversation, in the
    transaction that stores it — whoever writes it: the chat's services, the console's ordinary
    reply form, the API."""
    if not created or raw or instance.channel != Channel.CHAT or instance.kind != MessageKind.REPLY:
        return
    message_entry(instance)


def entry_exists(message_id: int) -> bool:
    """For the outbox's chat transport: the reply reached the conversation."""
    return Entry.objects.filter(message_id=message_id).exists()
