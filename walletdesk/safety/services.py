"""Writes to the official-channel registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.core.errors import Conflict
from walletdesk.safety.models import (
    OfficialChannel,
    ReportCategory,
    ReportedValue,
    ReportState,
    normalize,
)
from walletdesk.safety.redaction import redact
from walletdesk.safety.verify import parse_value
from walletdesk.safety.verify.service import is_official


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


class OfficialCannotBeReported(Conflict):
    code = "official_channel"
    default_message = _(
        "This is one of our official channels. It cannot be marked as fake; check whether "
        "someone only pretended to use it."
    )


def reported_value_create(*, value: str, category: str, ticket_id: int) -> ReportedValue:
    """Record one reported value (state "new") for the security team to decide."""
    # Masked before storage like every inbound text: a pasted card number is no phishing link.
    parsed = parse_value(redact(value, field="reported_value").text)
    return ReportedValue.objects.create(
        value=parsed.raw,
        kind=parsed.kind,
        normalized=parsed.keys[0],  # a reported site is its whole host
        category=category if category in ReportCategory.values else ReportCategory.MESSAGE,
        ticket_id=ticket_id,
    )


def reported_value_decide(
    *, report: ReportedValue, confirm: bool, by_user_id: int
) -> ReportedValue:
    """Confirm (verification answers "reported" from now on) or reject a report. An official
    channel is never confirmed: a caller may fake our number, the number stays ours."""
    if confirm and is_official(parse_value(report.value)):
        raise OfficialCannotBeReported()
    report.state = ReportState.CONFIRMED if confirm else ReportState.REJECTED
    report.confirmed_by = by_user_id
    report.decided_at = clock.now()
    report.save(update_fields=["state", "confirmed_by", "decided_at"])
    return report
