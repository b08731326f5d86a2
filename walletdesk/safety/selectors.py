"""Reads of the official-channel registry."""

from __future__ import annotations

from django.db.models import QuerySet

from walletdesk.safety.models import OfficialChannel, ReportedValue, ReportState


def official_channels() -> QuerySet[OfficialChannel]:
    return OfficialChannel.objects.filter(is_active=True).order_by("kind", "id")


def reported_confirmed(*, kind: str, keys: tuple[str, ...]) -> bool:
    """Whether the security team confirmed a report of this value, in any of its spellings."""
    return ReportedValue.objects.filter(
        kind=kind, normalized__in=keys, state=ReportState.CONFIRMED
    ).exists()


def reports_for_ticket(ticket_id: int) -> QuerySet[ReportedValue]:
    return ReportedValue.objects.filter(ticket_id=ticket_id).order_by("id")
