"""Reads of the outbox."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from walletdesk.outbox.contracts import DeliveryStatus
from walletdesk.outbox.models import OutboundMessage


def delivery_states(*, source_message_ids: Collection[int]) -> dict[int, list[DeliveryStatus]]:
    """How far the deliveries of these messages got, oldest first per message: one query
    however many messages. Callers pass only messages the viewer may see."""
    states: dict[int, list[DeliveryStatus]] = defaultdict(list)
    if not source_message_ids:
        return {}
    rows = (
        OutboundMessage.objects.filter(source_message_id__in=list(source_message_ids))
        .order_by("id")
        .values_list(
            "pk",
            "source_message_id",
            "channel",
            "state",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "error_code",
        )
    )
    for pk, source, channel, state, attempts, next_at, sent_at, error_code in rows:
        if source is None:  # not reachable through the filter; keeps the types honest
            continue
        states[source].append(
            DeliveryStatus(
                id=pk,
                source_message_id=source,
                channel=channel,
                state=state,
                attempts=attempts,
                next_attempt_at=next_at,
                sent_at=sent_at,
                error_code=error_code,
            )
        )
    return dict(states)
