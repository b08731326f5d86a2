"""The signed-in portal customer as an API caller, for the few endpoints a customer's own
browser calls (diagnose). Their portal session cookie, with Django's CSRF check as for any
cookie: a page elsewhere cannot make the customer's browser ask on their behalf.

A customer is never a console user: views that take customers check for `PortalCaller`, and
`IsConsoleUser` keeps refusing it everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from walletdesk.api.permissions import IsConsoleUser
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer


@dataclass(frozen=True)
class PortalCaller:
    """Who is calling: a customer, by their portal session. `pk` keys the request rate apart
    from console users' ids."""

    customer: Customer
    is_authenticated: bool = True
    is_active: bool = True

    @property
    def pk(self) -> str:
        return f"customer-{self.customer.pk}"


class PortalSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[PortalCaller, None] | None:
        if not hasattr(request._request, "portal_session"):
            return None  # pragma: no cover - the middleware is always installed
        customer = portal_customer(request._request)
        if customer is None:
            return None
        self.enforce_csrf(request)
        return PortalCaller(customer), None


class IsConsoleUserOrPortalCustomer(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.user, PortalCaller):
            return True
        return IsConsoleUser().has_permission(request, view)


class PortalSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # untyped base
    """Describes the portal cookie in the OpenAPI schema."""

    target_class = "walletdesk.api.portal_auth.PortalSessionAuthentication"
    name = "portalSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.PORTAL_SESSION_COOKIE_NAME,
            "description": str(
                _(
                    "A customer signed in to the portal, from their own browser; send the "
                    "X-CSRFToken header as for any form."
                )
            ),
        }
