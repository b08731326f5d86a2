"""The one write of the audit seam."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from walletdesk.audit.models import AuditEntry

SYSTEM = "system"


def actor_user(user_id: int) -> str:
    return f"user:{user_id}"


def actor_customer(customer_id: int) -> str:
    return f"customer:{customer_id}"


def audit_record(
    *, actor: str, action: str, target: str, data: Mapping[str, Any] | None = None
) -> AuditEntry:
    """Append one entry in the caller's transaction: it exists exactly when the action does.
    `data` holds ids and codes, never secrets or personal data."""
    return AuditEntry.objects.create(
        actor=actor[:64], action=action[:64], target=target[:128], data=dict(data or {})
    )
