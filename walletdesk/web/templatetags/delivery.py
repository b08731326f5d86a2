"""`{{ deliveries|of_message:message.pk }}`: a message's delivery states, from the dict the
ticket page read for all its messages in one query (`outbox.selectors.delivery_states`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import template

from walletdesk.outbox.contracts import DeliveryStatus

register = template.Library()


@register.filter
def of_message(
    deliveries: Mapping[int, Sequence[DeliveryStatus]] | None, message_id: int
) -> Sequence[DeliveryStatus]:
    if not deliveries:
        return ()
    return deliveries.get(message_id, ())
