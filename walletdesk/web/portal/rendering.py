"""How portal pages are rendered, including the domain errors a view did not handle itself."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django_htmx.middleware import HtmxDetails

from walletdesk.core.errors import DomainError
from walletdesk.identity.models import Language
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.security.contact_codes import contact_codes_active
from walletdesk.web.portal.official import official_contacts

logger = logging.getLogger(__name__)

P = ParamSpec("P")


def htmx_details(request: HttpRequest) -> HtmxDetails | None:
    """What django-htmx's middleware learned about the request, when htmx sent it."""
    details: HtmxDetails | None = getattr(request, "htmx", None)
    return details if details else None


def is_htmx(request: HttpRequest) -> bool:
    return htmx_details(request) is not None


def request_language() -> str:
    """The language the customer is reading in, as a `Language` value."""
    current = (translation.get_language() or "").lower()
    return Language.EN if current.startswith("en") else Language.ZH_HANS


def render_portal(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a portal template with what every portal page needs (who is signed in)."""
    customer = portal_customer(request)
    full: dict[str, Any] = {
        "portal_customer": customer,
        "official": SimpleLazyObject(official_contacts),  # queried only by pages that show it
        # The banner "WalletDesk is contacting you, the agent must say …" (security app).
        "contact_codes": SimpleLazyObject(
            lambda: contact_codes_active(customer) if customer else []
        ),
    }
    full.update(context or {})
    return render(request, template, full, status=status)


def domain_error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A friendly page (or fragment, for HTMX) with the error's own status. Never a 500."""
    # Only the stable code reaches the log: messages may quote what the customer typed.
    logger.info("portal request refused: %s (%s)", error.code, error.status)
    template = "portal/_error.html" if is_htmx(request) else "portal/error.html"
    return render_portal(request, template, {"error": error}, status=error.status)


def domain_errors_as_pages(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Turn a `DomainError` that escapes the view into `domain_error_response`."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return domain_error_response(request, error)

    return wrapper
