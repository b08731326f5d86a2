"""Building the evidence bundle (报警材料), and recording every download.

`evidence_bundle_build` reads and renders; it writes nothing, so the slow part (the PDF, about
two seconds for 200 transactions) holds no database transaction open. `evidence_download` builds
and then, in one short transaction, records the download through the audit seam
(`evidence.download`) and as the customer's security event (`evidence_downloaded`), whoever
asked: a customer sees in their own account that an agent took their evidence.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import time

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from walletdesk.audit.services import actor_customer, actor_user, audit_record
from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import EVIDENCE_BUILD
from walletdesk.identity.models import Customer, User
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.evidence.access import (
    evidence_customer_for_agent,
    evidence_tickets_for_agent,
)
from walletdesk.security.evidence.collect import BEIJING, collect, period_bounds
from walletdesk.security.evidence.contracts import EvidenceBundle, Period
from walletdesk.security.evidence.pack import pack, sha256
from walletdesk.security.evidence.render import render_pdf
from walletdesk.security.models import SecurityEventKind
from walletdesk.security.notify import in_customer_language
from walletdesk.tickets import selectors as ticket_selectors
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.selectors import CustomerNotFound

MAX_DAYS = 180
DEFAULT_DAYS = 30
ACTION = "evidence.download"


def today_in_beijing() -> dt.date:
    return clock.now().astimezone(BEIJING).date()


def evidence_default_period() -> Period:
    today = today_in_beijing()
    return Period(start=today - dt.timedelta(days=DEFAULT_DAYS - 1), end=today)


def evidence_period(*, start: dt.date, end: dt.date) -> Period:
    """A period the bundle may cover: start not after end, neither in the future (Beijing
    time), at most `MAX_DAYS` days. Else `ValidationFailed` naming the field."""
    today = today_in_beijing()
    if end > today:
        raise ValidationFailed(
            _("The end date cannot be in the future."),
            fields={"period_end": [_("The end date cannot be in the future.")]},
        )
    if start > end:
        raise ValidationFailed(
            _("The start date must be on or before the end date."),
            fields={"period_start": [_("The start date must be on or before the end date.")]},
        )
    period = Period(start=start, end=end)
    if period.days > MAX_DAYS:
        message = _("Choose at most %(days)s days.") % {"days": MAX_DAYS}
        raise ValidationFailed(message, fields={"period_start": [message]})
    return period


def _version() -> str:
    try:
        return importlib.metadata.version("walletdesk")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "0+unknown"


def _tickets_in_period(tickets: list[Ticket], period: Period) -> list[Ticket]:
    """Tickets opened by the period's end and active in it: opened in it, or with a public
    message in it or later (a conversation about the theft often starts afterwards)."""
    start, end = period_bounds(period)
    ids = [ticket.pk for ticket in tickets]
    chosen = (
        Ticket.objects.filter(pk__in=ids, created_at__lt=end)
        .filter(
            Q(created_at__gte=start)
            | Q(messages__kind=MessageKind.REPLY, messages__created_at__gte=start)
        )
        .distinct()
        .order_by("created_at", "id")
    )
    return list(chosen)


def _requester(customer: Customer, requested_by: Customer | User) -> tuple[dict[str, str], bool]:
    """Who asked, as the bundle names them, and whether they see full contact details: the
    customer does (it is their own report); an agent sees what the console shows, masked."""
    if isinstance(requested_by, Customer):
        if requested_by.pk != customer.pk:
            raise CustomerNotFound()
        return {"kind": "customer", "ref": customer.ref, "name": customer.display_name}, True
    return {
        "kind": "agent",
        "ref": f"user:{requested_by.pk}",
        "name": requested_by.get_full_name() or requested_by.get_username(),
    }, False


def evidence_bundle_build(
    *,
    customer: Customer,
    period_start: dt.date,
    period_end: dt.date,
    requested_by: Customer | User,
) -> EvidenceBundle:
    """The bundle of `customer` for the period, as `requested_by` may have it: the customer
    themselves, or a console user allowed by `access.evidence_customer_for_agent` (checked
    here again, so no caller can skip it). Rate-limited per requester: a PDF costs seconds."""
    period = evidence_period(start=period_start, end=period_end)
    who, full_contacts = _requester(customer, requested_by)
    if isinstance(requested_by, User):
        evidence_customer_for_agent(user=requested_by, customer_id=customer.pk)
        tickets = evidence_tickets_for_agent(user=requested_by, customer=customer)
    else:
        tickets = list(ticket_selectors.tickets_for_customer(customer=customer))
    EVIDENCE_BUILD.hit(who["ref"])
    generated_at = clock.now()
    started = time.perf_counter()
    with in_customer_language(customer):
        data = collect(
            customer=customer,
            period=period,
            tickets=_tickets_in_period(tickets, period),
            full_contacts=full_contacts,
            requested_by=who,
            generated_at=generated_at,
            version=_version(),
        )
    json_bytes = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    json_digest = sha256(json_bytes)
    pdf = render_pdf(data, json_sha256=json_digest)
    content, listing = pack(pdf=pdf, json=json_bytes, at=generated_at.astimezone(BEIJING))
    return EvidenceBundle(
        filename=f"walletdesk-evidence-{customer.ref}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.zip",
        content=content,
        sha256=sha256(content),
        manifest_sha256=sha256(listing),
        pdf_sha256=sha256(pdf),
        json_sha256=json_digest,
        period=period,
        transaction_count=data["transactions"]["count"],
        generated_at=generated_at,
        render_seconds=time.perf_counter() - started,
    )


def evidence_download(
    *,
    customer: Customer,
    period_start: dt.date,
    period_end: dt.date,
    requested_by: Customer | User,
    client: Client | None = None,
) -> EvidenceBundle:
    """Build the bundle and record that it left: one audit entry (`evidence.download`, with
    the period and the digests: no personal data) and the customer's security event."""
    bundle = evidence_bundle_build(
        customer=customer,
        period_start=period_start,
        period_end=period_end,
        requested_by=requested_by,
    )
    by = "customer" if isinstance(requested_by, Customer) else "agent"
    actor = actor_customer(customer.pk) if by == "customer" else actor_user(requested_by.pk)
    facts = {
        "by": by,
        "period_start": bundle.period.start.isoformat(),
        "period_end": bundle.period.end.isoformat(),
        "sha256": bundle.sha256,
        "manifest_sha256": bundle.manifest_sha256,
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ACTION,
            target=f"customer:{customer.pk}",
            data={**facts, "transactions": bundle.transaction_count},
        )
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.EVIDENCE_DOWNLOADED,
            client=client,
            actor=actor,
            data=facts,
        )
    return bundle
