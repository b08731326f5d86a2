"""Writes to the official-channel registry."""

from __future__ import annotations

from walletdesk.safety.models import OfficialChannel, normalize


def official_channel_register(
    *, kind: str, value: str, label: str = "", service_hours: str = ""
) -> OfficialChannel:
    """Add a channel, or update the label and hours of one already registered."""
    channel, _created = OfficialChannel.objects.update_or_create(
        kind=kind,
        normalized=normalize(kind, value),
        defaults={
            "value": value,
            "label": label,
            "service_hours": service_hours,
            "is_active": True,
        },
    )
    return channel
