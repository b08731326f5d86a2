"""The chat's rate limits (core/ratelimit.py's `Limit`, Redis when scaled).

Starting a conversation is public: counted per client address and, for a proven customer, per
customer. A customer's messages are counted per conversation on top of the realtime layer's
per-socket limit, so every front end (socket or HTTP) is held to CHAT_MESSAGES_PER_MINUTE.
"""

from __future__ import annotations

from django.conf import settings

from walletdesk.core.ratelimit import Limit

STARTS_PER_CLIENT = Limit("chat-starts-client", max_hits=20, window_seconds=60 * 60)
STARTS_PER_CUSTOMER = Limit("chat-starts-customer", max_hits=10, window_seconds=60 * 60)
LEAVE_MESSAGE_PER_CONVERSATION = Limit("chat-leave-message", max_hits=3, window_seconds=60 * 60)


def messages_per_conversation() -> Limit:
    return Limit(
        "chat-messages-conversation",
        max_hits=max(1, int(settings.CHAT_MESSAGES_PER_MINUTE)),
        window_seconds=60,
    )
