"""Phishing and fake-support reports: a ticket for the security team, and the reported values
for the official-channel check once a specialist confirms them.

    result = phishing_report_submit(category=..., values=[...], what_happened=..., ...)
    phishing_report_decide(report_id=..., user=specialist, confirm=True)
    channel_verify(value).status == "reported"

The ticket goes through `inbound_receive` like every message from outside (redaction, flood
limits, attachment checks); a signed-out reporter's email or phone is a bare, unverified
contact and opens nothing of any account. Deciding needs a security-team specialist, a
supervisor or an admin who can see the ticket; it is audited. Official channels are never
confirmed (the safety app refuses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from walletdesk.audit.services import actor_user, audit_record
from walletdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from walletdesk.core.ratelimit import REPORTS_PER_CLIENT
from walletdesk.identity.models import Customer, Role, TeamCode, User
from walletdesk.safety.models import ReportCategory, ReportedValue
from walletdesk.safety.services import reported_value_create, reported_value_decide
from walletdesk.safety.verify import ValueInvalid, channel_verify, parse_value
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.models import SecurityEventKind
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.tickets.inbound import InboundMessage, InboundResult, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import can_view_ticket

MAX_VALUES = 5


@dataclass(frozen=True)
class ReportSubmitted:
    ticket_id: int
    reference: str
    reports: tuple[ReportedValue, ...]


def phishing_report_submit(
    *,
    category: str,
    values: Sequence[str],
    what_happened: str,
    client: Client,
    customer: Customer | None = None,
    contact: str = "",
    uploads: Sequence[Upload] = (),
    language: str = "",
) -> ReportSubmitted:
    """Open a security ticket for the report and record each value (state "new")."""
    if category not in ReportCategory.values:
        raise ValidationFailed(fields={"category": [_("Choose what you are reporting.")]})
    cleaned = _values(values)
    REPORTS_PER_CLIENT.hit(client.rate_key)
    if customer is not None:
        sender = Sender.signed_in(customer)
    elif "@" in contact:
        sender = Sender.email(contact)
    elif contact.strip():
        sender = Sender.phone(contact)
    else:
        raise ValidationFailed(
            fields={"contact": [_("Give an email address or phone number we can reply to.")]}
        )
    with transaction.atomic():  # the ticket and its reported values, or neither
        return _submit(
            category, cleaned, what_happened, client, customer, sender, uploads, language
        )


def _submit(
    category: str,
    cleaned: list[str],
    what_happened: str,
    client: Client,
    customer: Customer | None,
    sender: Sender,
    uploads: Sequence[Upload],
    language: str,
) -> ReportSubmitted:
    listed = "\n".join(f"- {value}" for value in cleaned)
    body = _("Reported (%(category)s):\n%(values)s\n\nWhat happened:\n%(text)s") % {
        "category": ReportCategory(category).label,
        "values": listed,
        "text": what_happened.strip() or "-",
    }
    result: InboundResult = inbound_receive(
        InboundMessage(
            channel=Channel.PORTAL,
            sender=sender,
            problem_type=ProblemType.PHISHING_REPORT,
            subject=_("Phishing report: %(value)s") % {"value": cleaned[0][:60]},
            text=body,
            language=language,
            attachments=tuple(uploads),
        )
    )
    reports = tuple(
        reported_value_create(value=value, category=category, ticket_id=result.ticket.pk)
        for value in cleaned
    )
    if customer is not None:
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.PHISHING_REPORTED,
            client=client,
            actor=f"customer:{customer.pk}",
            data={"ticket": result.ticket.pk, "reports": [r.pk for r in reports]},
        )
    return ReportSubmitted(result.ticket.pk, result.ticket.reference, reports)


def _values(values: Sequence[str]) -> list[str]:
    cleaned = [value.strip() for value in values if value.strip()]
    if not cleaned:
        raise ValidationFailed(
            fields={"values": [_("Enter the link, number, address or account you report.")]}
        )
    if len(cleaned) > MAX_VALUES:
        raise ValidationFailed(
            fields={"values": [_("Report at most %(count)d values at once.") % {"count": 5}]}
        )
    for value in cleaned:
        try:
            parse_value(value)
        except ValueInvalid as error:
            raise ValidationFailed(fields={"values": error.fields.get("value", [])}) from error
    return list(dict.fromkeys(cleaned))


def may_decide_reports(user: User) -> bool:
    """Security-team specialists, supervisors and admins."""
    if not user.is_active:
        return False
    if user.sees_everything:
        return True
    return user.role == Role.SPECIALIST and user.teams.filter(code=TeamCode.SECURITY).exists()


def phishing_report_decide(*, report_id: int, user: User, confirm: bool) -> ReportedValue:
    """Confirm or reject one reported value. Unknown, on an invisible ticket: 404."""
    report = ReportedValue.objects.filter(pk=report_id).first()
    ticket = Ticket.objects.filter(pk=report.ticket_id).first() if report else None
    if report is None or ticket is None or not can_view_ticket(user, ticket):
        raise NotFound()
    if not may_decide_reports(user):
        raise PermissionDenied(
            _("Only the security team, supervisors and admins confirm phishing reports.")
        )
    with transaction.atomic():
        decided = reported_value_decide(report=report, confirm=confirm, by_user_id=user.pk)
        audit_record(
            actor=actor_user(user.pk),
            action="phishing_report.confirmed" if confirm else "phishing_report.rejected",
            target=f"reported_value:{report.pk}",
            data={"ticket": ticket.pk, "kind": report.kind},
        )
    return decided


def verdict_now(report: ReportedValue) -> str:
    """What the check answers for this value today (for the console panel)."""
    try:
        return str(channel_verify(report.value).status)
    except ValueInvalid:
        return "unknown"
