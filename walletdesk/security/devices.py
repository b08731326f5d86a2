"""The customer's signed-in devices: a registry of portal sessions, and ending them.

A row is written when a sign-in completes; the check-up lists the rows whose session still
works; "sign out this device" deletes that session from the session store (its next request
finds no session) and closes the customer's sockets, which reconnect only where a session is
left. Ending every session at once (a new password, "sign out everywhere else") raises the
customer's session epoch (`identity.sessions.sessions_revoke`) and marks the rows ended.
"""

from __future__ import annotations

import hashlib
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from walletdesk.core import clock
from walletdesk.core.errors import NotFound
from walletdesk.core.events import send_sessions_revoked_on_commit
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import customer_from_session
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.models import PortalSession, SecurityEventKind

MAX_LISTED = 20


def _digest(session_key: str) -> str:
    return hashlib.sha256(f"portal-session:{session_key}".encode()).hexdigest()


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def portal_session_register(
    *, customer: Customer, session_key: str, client: Client
) -> PortalSession:
    """Remember the session a sign-in just made (idempotent for one key)."""
    now = clock.now()
    row, _created = PortalSession.objects.update_or_create(
        key_digest=_digest(session_key),
        defaults={
            "customer": customer,
            "session_key": session_key,
            "device": client.device,
            "network": client.network,
            "last_seen_at": now,
            "ended_at": None,
        },
        create_defaults={
            "customer": customer,
            "public_id": secrets.token_hex(8),
            "session_key": session_key,
            "device": client.device,
            "network": client.network,
            "created_at": now,
            "last_seen_at": now,
        },
    )
    return row


def portal_session_current(*, customer: Customer, session_key: str | None) -> PortalSession | None:
    """The registry row of this session, with its last-seen time brought up to date."""
    if not session_key:
        return None
    row = PortalSession.objects.filter(
        customer=customer, key_digest=_digest(session_key), ended_at__isnull=True
    ).first()
    if row is not None:
        row.last_seen_at = clock.now()
        row.save(update_fields=["last_seen_at"])
    return row


def portal_sessions_live(*, customer: Customer) -> list[PortalSession]:
    """The customer's sessions that still work, newest first. A row whose session has gone
    (signed out, expired, ended by a new password) is marked ended on the way."""
    live: list[PortalSession] = []
    rows = PortalSession.objects.filter(customer=customer, ended_at__isnull=True)
    for row in rows[: MAX_LISTED * 2]:
        session = _store(row.session_key)
        owner = customer_from_session(session) if session.exists(row.session_key) else None
        if owner is None or owner.pk != customer.pk:
            PortalSession.objects.filter(pk=row.pk).update(ended_at=clock.now())
            continue
        live.append(row)
        if len(live) >= MAX_LISTED:
            break
    return live


@transaction.atomic
def portal_session_end(*, customer: Customer, public_id: str, client: Client) -> PortalSession:
    """Sign one of the customer's devices out. Only the customer's own rows: any other id is
    `NotFound`, the same as one that does not exist."""
    row = (
        PortalSession.objects.select_for_update()
        .filter(customer=customer, public_id=public_id, ended_at__isnull=True)
        .first()
    )
    if row is None:
        raise NotFound()
    _store(row.session_key).delete(row.session_key)
    row.ended_at = clock.now()
    row.save(update_fields=["ended_at"])
    security_event_record(
        customer=customer,
        kind=SecurityEventKind.SESSION_ENDED,
        client=client,
        actor=f"customer:{customer.pk}",
        data={"device": row.device[:40]},
    )
    send_sessions_revoked_on_commit(customer_id=customer.pk)
    return row


def portal_sessions_forget(*, customer: Customer, keep_key: str | None = None) -> int:
    """After the customer's sessions were revoked: delete them from the store and mark their
    rows ended, all but the session `keep_key`. Returns how many were ended."""
    ended = 0
    keep = _digest(keep_key) if keep_key else ""
    for row in PortalSession.objects.filter(customer=customer, ended_at__isnull=True):
        if row.key_digest == keep:
            continue
        _store(row.session_key).delete(row.session_key)
        ended += PortalSession.objects.filter(pk=row.pk).update(ended_at=clock.now())
    return ended
