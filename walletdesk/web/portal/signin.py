"""Finishing a customer's sign-in, whichever way they proved who they are.

The password form, the second step of two-step verification and a completed password reset all
end here: a new portal session (new key, new CSRF token), this browser remembered as one of the
account's devices, and a security event the customer sees in their check-up.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_login
from walletdesk.identity.services import customer_rate_subject
from walletdesk.security.devices import portal_session_register
from walletdesk.security.events import security_event_record
from walletdesk.security.models import SecurityEventKind
from walletdesk.web.clients import client_of
from walletdesk.web.signin_limits import remember_device


def sign_in_complete(
    request: HttpRequest,
    customer: Customer,
    response: HttpResponse,
    *,
    how: str = "password",
    subject: str = "",
) -> HttpResponse:
    """Sign `customer` in on `request` and return `response` carrying the known-device cookie.
    `how` (password, totp, backup_code, sms, email, reset) goes into the security event."""
    portal_login(request, customer)
    security_event_record(
        customer=customer,
        kind=SecurityEventKind.SIGNED_IN,
        client=client_of(request),
        actor=f"customer:{customer.pk}",
        data={"how": how},
    )
    portal_session_register(
        customer=customer,
        session_key=request.portal_session.session_key or "",  # type: ignore[attr-defined]
        client=client_of(request),
    )
    remember_device(
        request,
        response,
        scope="portal",
        subject=subject or customer_rate_subject(customer.email or customer.phone or ""),
        path="/",
    )
    return response
