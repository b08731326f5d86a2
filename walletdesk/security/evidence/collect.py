"""Gathering what goes into an evidence bundle, as one plain, JSON-ready dictionary.

The PDF and the JSON are both made from this one dictionary, so they cannot disagree. Labels
are in the active language (the caller sets the customer's); codes and minor units sit beside
them for machines. Everything is read through the seams: the wallet gateway for money, the
security events, and the tickets' public threads (never internal notes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from walletdesk.core.masking import card_tail, mask_email, mask_phone
from walletdesk.identity.models import Customer
from walletdesk.security.evidence.contracts import SCHEMA, SCHEMA_VERSION, Period
from walletdesk.security.evidence.masking import mask_card_numbers
from walletdesk.security.models import SecurityEvent, SecurityEventKind
from walletdesk.tickets import selectors as ticket_selectors
from walletdesk.tickets.choices import AuthorKind
from walletdesk.tickets.models import Message, Ticket
from walletdesk.wallet.contracts import (
    AccountInfo,
    Direction,
    PaymentMethodInfo,
    TransactionInfo,
)
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.gateway import get_gateway

BEIJING = ZoneInfo("Asia/Shanghai")
# The gateway lists at most this many, newest first; a longer period is marked as truncated.
MAX_TRANSACTIONS = 500
MAX_EVENTS = 500
MAX_TICKETS = 50
MAX_MESSAGES = 200


def period_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes: midnight Beijing time, the end's next midnight."""
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=BEIJING)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=BEIJING)
    return start, end


def beijing(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def collect(
    *,
    customer: Customer,
    period: Period,
    tickets: Iterable[Ticket],
    full_contacts: bool,
    requested_by: dict[str, str],
    generated_at: dt.datetime,
    version: str,
) -> dict[str, Any]:
    start, end = period_bounds(period)
    wallet, transactions, truncated = _wallet(customer, start, end)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "WalletDesk", "version": version},
        "generated_at": generated_at.isoformat(),
        "generated_at_beijing": beijing(generated_at),
        "language": customer.preferred_language,
        "requested_by": requested_by,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "timezone": "Asia/Shanghai",
            "days": period.days,
        },
        "account": _account(customer, full_contacts=full_contacts),
        "wallet": wallet,
        "transactions": {
            "count": len(transactions),
            "truncated": truncated,
            "items": transactions,
        },
        "security_events": _events(customer, start, end),
        "tickets": [_ticket(ticket) for ticket in list(tickets)[:MAX_TICKETS]],
    }


def _account(customer: Customer, *, full_contacts: bool) -> dict[str, Any]:
    email = customer.email or ""
    phone = customer.phone or ""
    return {
        "customer_ref": customer.ref,
        "name": customer.display_name,
        "email": email if full_contacts else mask_email(email),
        "phone": phone if full_contacts else mask_phone(phone),
        "contacts_masked": not full_contacts,
        "customer_since": customer.created_at.astimezone(BEIJING).date().isoformat(),
        "wallet_account_ref": customer.wallet_account_ref,
    }


def _wallet(
    customer: Customer, start: dt.datetime, end: dt.datetime
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], bool]:
    """The account, its payment methods and the period's transactions; (None, [], False) when
    no wallet is linked or the gateway cannot answer (the bundle then says so)."""
    ref = customer.wallet_account_ref
    if not ref:
        return None, [], False
    gateway = get_gateway()
    try:
        account = gateway.get_account(ref)
        methods = gateway.list_payment_methods(ref)
        listed = gateway.list_transactions(ref, limit=MAX_TRANSACTIONS)
    except WalletError:
        return {"available": False}, [], False
    by_ref = {method.ref: method for method in methods}
    in_period = [tx for tx in listed if start <= tx.created_at < end]
    # The list reached its limit and its oldest is still inside the period: older ones exist.
    truncated = len(listed) == MAX_TRANSACTIONS and listed[-1].created_at >= start
    in_period.sort(key=lambda tx: (tx.created_at, tx.ref))
    transactions = [_transaction(tx, by_ref) for tx in in_period]
    return _account_status(account, methods), transactions, truncated


def _frozen_by(actor: str) -> str:
    if actor.startswith("customer:"):
        return pgettext("evidence", "The customer")
    if actor.startswith("user:"):
        return _("WalletDesk support")
    return _("WalletDesk") if actor else ""


def _account_status(account: AccountInfo, methods: list[PaymentMethodInfo]) -> dict[str, Any]:
    return {
        "available": True,
        "ref": account.ref,
        "holder_name": account.holder_name,
        "status": account.status.value,
        "status_label": account.status.label,
        "opened_at": _iso(account.created_at),
        "opened_at_beijing": beijing(account.created_at),
        "frozen_at": _iso(account.frozen_at),
        "frozen_at_beijing": beijing(account.frozen_at),
        "frozen_by": _frozen_by(account.frozen_by),
        "frozen_reason": mask_card_numbers(account.frozen_reason),
        "payment_methods": [_method(method) for method in methods],
    }


def _method(method: PaymentMethodInfo) -> dict[str, Any]:
    return {
        "ref": method.ref,
        "kind": method.kind.value,
        "kind_label": method.kind.label,
        "issuer": method.issuer,
        "number": card_tail(method.masked_number),
        "status": method.status.value,
        "status_label": method.status.label,
    }


def _amount_text(tx: TransactionInfo) -> str:
    sign = "+" if tx.direction == Direction.IN else "\u2212"
    return f"{sign}{tx.amount.decimal:,.{tx.amount.precision}f}"


def _transaction(tx: TransactionInfo, methods: dict[str, PaymentMethodInfo]) -> dict[str, Any]:
    method = methods.get(tx.payment_method_ref or "")
    crypto = None
    if tx.crypto is not None:
        crypto = {
            "network": tx.crypto.network,
            "tx_hash": tx.crypto.tx_hash,
            "address": tx.crypto.address,
            "memo": tx.crypto.memo,
            "confirmations": tx.crypto.confirmations,
            "required_confirmations": tx.crypto.required_confirmations,
        }
    return {
        "ref": tx.ref,
        "created_at": tx.created_at.isoformat(),
        "created_at_beijing": beijing(tx.created_at),
        "completed_at": _iso(tx.completed_at),
        "kind": tx.kind.value,
        "kind_label": tx.kind.label,
        "direction": tx.direction.value,
        "amount_minor": tx.amount.amount_minor,
        "asset": tx.amount.asset.value,
        "precision": tx.amount.precision,
        "amount": _amount_text(tx),
        "status": tx.status.value,
        "status_label": tx.status.label,
        "failure_code": tx.failure_code.value if tx.failure_code else None,
        "failure_label": tx.failure_code.label if tx.failure_code else "",
        "counterparty": mask_card_numbers(tx.counterparty),
        "merchant_ref": tx.merchant_ref,
        "method": (
            f"{method.kind.label} · {method.issuer} {card_tail(method.masked_number)}"
            if method is not None
            else ""
        ),
        "description": mask_card_numbers(tx.description),
        "crypto": crypto,
    }


def _events(customer: Customer, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    events = SecurityEvent.objects.filter(customer=customer, at__gte=start, at__lt=end).order_by(
        "at", "id"
    )[:MAX_EVENTS]
    labels = event_labels()
    return [
        {
            "at": event.at.isoformat(),
            "at_beijing": beijing(event.at),
            "kind": event.kind,
            "label": labels.get(event.kind)
            or str(dict(SecurityEventKind.choices).get(event.kind, event.kind)),
            "network": event.client,
            "device": event.device,
        }
        for event in events
    ]


def event_labels() -> dict[str, str]:
    """The events' names for the bundle (its own words, so the PDF never falls back to the
    model's English when the catalogue lacks a label)."""
    kind = SecurityEventKind
    return {
        kind.SIGNED_IN: pgettext("evidence", "Signed in"),
        kind.SIGN_IN_FAILED: pgettext("evidence", "Wrong password entered"),
        kind.SIGNED_OUT: pgettext("evidence", "Signed out"),
        kind.SESSIONS_ENDED: pgettext("evidence", "Signed out everywhere"),
        kind.SESSION_ENDED: pgettext("evidence", "A signed-in device was signed out"),
        kind.PASSWORD_CHANGED: pgettext("evidence", "Password changed"),
        kind.PASSWORD_RESET: pgettext("evidence", "Password reset with a code"),
        kind.CODE_SENT: pgettext("evidence", "Verification code sent"),
        kind.FROZEN: pgettext("evidence", "Wallet frozen"),
        kind.UNFREEZE_REQUESTED: pgettext("evidence", "Unfreeze requested"),
        kind.UNFROZEN: pgettext("evidence", "Wallet unfrozen"),
        kind.TWO_FACTOR_ENABLED: pgettext("evidence", "Two-step verification turned on"),
        kind.TWO_FACTOR_DISABLED: pgettext("evidence", "Two-step verification turned off"),
        kind.BACKUP_CODES_CREATED: pgettext("evidence", "New backup codes created"),
        kind.RECOVERY_STARTED: pgettext("evidence", "Lost-device recovery started"),
        kind.RECOVERY_CANCELLED: pgettext("evidence", "Lost-device recovery cancelled"),
        kind.RECOVERY_COMPLETED: pgettext("evidence", "Lost-device recovery completed"),
        kind.CONTACT_CHANGED: pgettext("evidence", "Email address or phone number changed"),
        kind.EVIDENCE_DOWNLOADED: pgettext("evidence", "Evidence bundle downloaded"),
        kind.PHISHING_REPORTED: pgettext("evidence", "Suspicious contact reported"),
    }


def _author(message: Message) -> str:
    if message.author_kind == AuthorKind.CUSTOMER:
        return _("Customer")
    if message.author_kind == AuthorKind.AGENT:
        name = message.author_user.get_full_name() if message.author_user else ""
        if name:
            return _("%(name)s, WalletDesk support") % {"name": name}
        return _("WalletDesk support")
    if message.author_kind == AuthorKind.ASSISTANT:
        return _("WalletDesk assistant")
    return _("WalletDesk")


def _ticket(ticket: Ticket) -> dict[str, Any]:
    # Public replies only: `include_internal=False` is the same read the portal's thread uses.
    messages = ticket_selectors.thread(ticket=ticket, include_internal=False)[:MAX_MESSAGES]
    return {
        "reference": ticket.reference,
        "subject": mask_card_numbers(ticket.subject),
        "channel": ticket.channel,
        "channel_label": ticket.get_channel_display(),
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "created_at": ticket.created_at.isoformat(),
        "created_at_beijing": beijing(ticket.created_at),
        "messages": [
            {
                "at": message.created_at.isoformat(),
                "at_beijing": beijing(message.created_at),
                "author_kind": message.author_kind,
                "author": _author(message),
                "body": mask_card_numbers(message.body),
                "attachments": [
                    {"filename": mask_card_numbers(a.filename), "size": a.size, "sha256": a.sha256}
                    for a in message.attachments.all()
                ],
            }
            for message in messages
        ],
    }
