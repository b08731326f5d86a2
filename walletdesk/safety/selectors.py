"""Reads of the official-channel registry."""

from __future__ import annotations

from django.db.models import QuerySet

from walletdesk.safety.models import OfficialChannel


def official_channels() -> QuerySet[OfficialChannel]:
    return OfficialChannel.objects.filter(is_active=True).order_by("kind", "id")
