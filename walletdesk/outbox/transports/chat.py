"""Live chat: the reply is announced to the conversation's channel-layer group, `chat.<id>`.

Like every realtime event it carries ids only; the chat widget (the live-chat issue) fetches the
message through its permission-checked view. Announcing twice is harmless: the widget shows a
message once by its id."""

from __future__ import annotations

import re

from walletdesk.core.events import ChatReply, chat_group, send_event
from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, TransportError, require_recipient

_GROUP_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class ChatTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        conversation = require_recipient(delivery)
        if not _GROUP_SAFE.match(conversation):
            raise TransportError(
                "conversation id is not a group name", permanent=True, reason=FailureReason.REJECTED
            )
        event = ChatReply(outbound=delivery.id, message=delivery.source_message_id)
        send_event([chat_group(conversation)], event)
        return f"chat:{delivery.key}"
