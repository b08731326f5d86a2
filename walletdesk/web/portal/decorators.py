"""Access to portal pages: signed-in customers only, through the portal's own session.

The console's Django-auth session (`login_required`) means nothing here, and this session means
nothing to the console.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from walletdesk.core.errors import DomainError
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.web.portal.rendering import domain_error_response, htmx_details, is_htmx

P = ParamSpec("P")


def login_url_for(request: HttpRequest) -> str:
    """The sign-in page, coming back to the page the customer was on."""
    current = request.get_full_path()
    details = htmx_details(request)
    if details is not None:
        # A fragment endpoint is no place to land after signing in; the page that asked is.
        current = details.current_url_abs_path or current
    return f"{reverse('portal:login')}?{urlencode({'next': current})}"


def portal_login_required(
    view: Callable[Concatenate[HttpRequest, Customer, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Call `view(request, customer, ...)` for a signed-in customer; send anyone else to sign in.

    Pages behind it show personal and financial data, so no cache may keep them. Domain errors
    the view does not handle itself become a friendly page with their own status.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        response: HttpResponseBase
        customer = portal_customer(request)
        if customer is None:
            target = login_url_for(request)
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
            else:
                response = HttpResponseRedirect(target)
        else:
            try:
                response = view(request, customer, *args, **kwargs)
            except DomainError as error:
                response = domain_error_response(request, error)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return wrapper
