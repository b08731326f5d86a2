"""The short-lived marker between the password and the second factor.

After a correct password, a customer with two-step verification is NOT signed in: their portal
session holds only "password ok for customer N, at T, going to URL" (and, once they asked for
one, the token of a code sent to them). The second page reads it; it dies after
`PENDING_SECONDS`, with a password change (the hash of the password is kept beside it), and as
soon as the sign-in completes.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from walletdesk.core import clock
from walletdesk.identity.models import Customer

PENDING_SECONDS = 10 * 60
_KEY = "second_factor_pending"


def _session(request: HttpRequest) -> Any:
    return request.portal_session  # type: ignore[attr-defined]


def pending_start(request: HttpRequest, customer: Customer, next_url: str) -> None:
    session = _session(request)
    session.cycle_key()  # the key a stranger may have planted before the password is not this one
    session[_KEY] = {
        "id": customer.pk,
        "hash": customer.session_auth_hash,
        "at": clock.now().timestamp(),
        "next": next_url,
    }


def _marker(request: HttpRequest) -> dict[str, Any] | None:
    marker = _session(request).get(_KEY)
    if not isinstance(marker, dict) or not isinstance(marker.get("at"), (int, float)):
        return None
    if not 0 <= clock.now().timestamp() - marker["at"] <= PENDING_SECONDS:
        return None
    return marker


def pending_customer(request: HttpRequest) -> Customer | None:
    """The customer whose password was right a moment ago, or None."""
    marker = _marker(request)
    if marker is None:
        return None
    customer_id = marker.get("id")
    if not isinstance(customer_id, int):
        return None
    customer = Customer.objects.filter(pk=customer_id, is_active=True).first()
    if customer is None or not constant_time_compare(
        str(marker.get("hash", "")), customer.session_auth_hash
    ):
        return None
    return customer


def pending_next(request: HttpRequest) -> str:
    marker = _marker(request) or {}
    return str(marker.get("next") or "")


def pending_get(request: HttpRequest, name: str) -> str:
    marker = _marker(request) or {}
    return str(marker.get(name) or "")


def pending_put(request: HttpRequest, name: str, value: str) -> None:
    session = _session(request)
    marker = session.get(_KEY)
    if isinstance(marker, dict):
        session[_KEY] = {**marker, name: value}


def pending_clear(request: HttpRequest) -> None:
    _session(request).pop(_KEY, None)
