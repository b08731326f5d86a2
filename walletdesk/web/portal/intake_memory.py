"""What the portal keeps between the steps of one intake, in the customer's portal session.

The transaction search a customer's answers allow is kept (as plain JSON) beside the request
it belongs to, so the confirm page can be fetched again (reload, back button, a language
switch) and rank the same candidates without asking again. Only the search is kept: times,
amount, method, network, hash, address — never the free text, which the request stores
redacted.

Each intake form carries a one-time token: a second POST of the same form (a double tap, a
resend after a slow answer) finds the request the first one made instead of making another.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.http import HttpRequest

from walletdesk.intake.answers import TransactionCriteria
from walletdesk.wallet.contracts import Asset, Money, TransactionKind

_CRITERIA = "intake_criteria"
_SUBMITTED = "intake_submitted"
KEPT = 8  # requests remembered per session: plenty for one person, bounded for the session


def _session(request: HttpRequest) -> Any:
    return request.portal_session  # type: ignore[attr-defined]


def _remember(request: HttpRequest, key: str, name: str, value: object) -> None:
    session = _session(request)
    kept: dict[str, object] = dict(session.get(key) or {})
    kept.pop(name, None)
    kept[name] = value
    session[key] = dict(list(kept.items())[-KEPT:])


def criteria_keep(request: HttpRequest, request_id: int, criteria: TransactionCriteria) -> None:
    _remember(request, _CRITERIA, str(request_id), criteria_to_json(criteria))


def criteria_recall(request: HttpRequest, request_id: int) -> TransactionCriteria | None:
    """The search kept for this request, or None (another browser, an expired session)."""
    stored = (_session(request).get(_CRITERIA) or {}).get(str(request_id))
    if not isinstance(stored, dict):
        return None
    try:
        return criteria_from_json(stored)
    except (KeyError, TypeError, ValueError):
        return None


def submission_token() -> str:
    return secrets.token_urlsafe(16)


def submission_seen(request: HttpRequest, token: str) -> int | None:
    """The request a form with this token already made, if any."""
    if not token:
        return None
    made = (_session(request).get(_SUBMITTED) or {}).get(token)
    return made if isinstance(made, int) else None


def submission_keep(request: HttpRequest, token: str, request_id: int) -> None:
    if token:
        _remember(request, _SUBMITTED, token, request_id)


def criteria_to_json(criteria: TransactionCriteria) -> dict[str, object]:
    amount = criteria.amount
    return {
        "around": criteria.around.isoformat(),
        "until": criteria.until.isoformat() if criteria.until else None,
        "amount": [amount.amount_minor, amount.asset.value] if amount else None,
        "payment_method_ref": criteria.payment_method_ref,
        "payment_method_hint": criteria.payment_method_hint,
        "counterparty": criteria.counterparty,
        "kinds": sorted(kind.value for kind in criteria.kinds),
        "network": criteria.network,
        "tx_hash": criteria.tx_hash,
        "address": criteria.address,
        "time_known": criteria.time_known,
    }


def criteria_from_json(data: dict[str, Any]) -> TransactionCriteria:
    amount = data.get("amount")
    until = data.get("until")
    return TransactionCriteria(
        around=datetime.fromisoformat(data["around"]),
        until=datetime.fromisoformat(until) if until else None,
        amount=Money(int(amount[0]), Asset(amount[1])) if amount else None,
        payment_method_ref=data.get("payment_method_ref") or None,
        payment_method_hint=str(data.get("payment_method_hint", "")),
        counterparty=str(data.get("counterparty", "")),
        kinds=frozenset(TransactionKind(kind) for kind in data.get("kinds", ())),
        network=str(data.get("network", "")),
        tx_hash=str(data.get("tx_hash", "")),
        address=str(data.get("address", "")),
        time_known=bool(data.get("time_known", True)),
    )
