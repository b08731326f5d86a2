"""Realtime events, sent to channel-layer groups after the transaction commits.

Events carry ids and a kind, never personal data: a client that receives one re-reads what it
needs through the same permission-checked views it uses for everything else.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def send_event(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        # `group` lets a socket that is in several groups tell the copies of one event apart.
        message = {"type": "walletdesk.event", "group": group, "event": event}
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # a lost realtime nudge must never fail the write that caused it
            logger.exception("realtime event to %s was not delivered", group)


def send_event_on_commit(groups: list[str], event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_event(groups, event), robust=True)


def send_sessions_revoked_on_commit(
    *, user_id: int | None = None, customer_id: int | None = None
) -> None:
    """Tell every open socket of a console user or a customer that its sessions have ended, so
    it closes at once instead of at its next session check."""
    groups = []
    if user_id is not None:
        groups.append(f"user.{user_id}")
    if customer_id is not None:
        groups.append(f"customer.{customer_id}")
    send_event_on_commit(groups, {"kind": "session.revoked"})
