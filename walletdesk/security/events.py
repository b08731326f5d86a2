"""Security events: one write, and the reads the check-up and the evidence bundle use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from walletdesk.audit.services import SYSTEM, audit_record
from walletdesk.identity.models import Customer
from walletdesk.security.contracts import Client
from walletdesk.security.models import SecurityEvent, SecurityEventKind


def security_event_record(
    *,
    customer: Customer,
    kind: SecurityEventKind | str,
    client: Client | None = None,
    actor: str = SYSTEM,
    data: Mapping[str, Any] | None = None,
) -> SecurityEvent:
    """Record what happened to `customer`'s account, in the caller's transaction, and the same
    through the audit seam. `data` holds codes and ids, never a secret or an address."""
    if actor.startswith("user:"):
        # A console user acted: their browser is not one of the customer's devices.
        client = Client()
    client = client or Client()
    event = SecurityEvent.objects.create(
        customer=customer,
        kind=str(kind),
        client=client.network,
        device=client.device,
        data=dict(data or {}),
    )
    audit_record(
        actor=actor,
        action=f"security.{kind}",
        target=f"customer:{customer.pk}",
        data=dict(data or {}),
    )
    return event


def security_events_recent(customer: Customer, *, limit: int = 20) -> QuerySet[SecurityEvent]:
    return SecurityEvent.objects.filter(customer=customer).order_by("-at", "-id")[:limit]
