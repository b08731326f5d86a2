"""Signing customers in and out of the portal session (see portal_session.py)."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.middleware.csrf import rotate_token
from django.utils.crypto import constant_time_compare

from walletdesk.identity.models import Customer

_CUSTOMER_ID = "customer_id"
_AUTH_HASH = "customer_auth_hash"


def portal_login(request: HttpRequest, customer: Customer) -> None:
    session = request.portal_session  # type: ignore[attr-defined]
    session.cycle_key()  # a new key on every sign-in: no session fixation
    rotate_token(request)  # and a CSRF token seen before sign-in is not valid after it
    session[_CUSTOMER_ID] = customer.pk
    session[_AUTH_HASH] = customer.session_auth_hash


def portal_logout(request: HttpRequest) -> None:
    request.portal_session.flush()  # type: ignore[attr-defined]


def portal_customer(request: HttpRequest) -> Customer | None:
    """The signed-in customer, or None. A password change ends every older session."""
    cached: Customer | None = getattr(request, "_portal_customer", None)
    if cached is not None:
        return cached
    session = request.portal_session  # type: ignore[attr-defined]
    if session.get(_CUSTOMER_ID) is None:
        return None
    customer = customer_from_session(session)
    if customer is None:
        session.flush()
        return None
    request._portal_customer = customer  # type: ignore[attr-defined]
    return customer


def customer_from_session(session: SessionBase) -> Customer | None:
    """The active customer a portal session belongs to, or None. Shared by the portal's
    HTTP views and its websocket, so both accept exactly the same sessions."""
    customer_id = session.get(_CUSTOMER_ID)
    if customer_id is None:
        return None
    customer = Customer.objects.filter(pk=customer_id, is_active=True).first()
    if customer is None:
        return None
    if not constant_time_compare(str(session.get(_AUTH_HASH, "")), customer.session_auth_hash):
        return None
    return customer
