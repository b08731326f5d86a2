"""Step-up verification: a signed-in customer proves it is still them before a sensitive act.

Freezing and unfreezing, changing the password, email or phone, turning two-step verification
off and downloading the evidence bundle sit behind `stepup_required`: the customer confirms
(`views/stepup.py`: the password, or a second factor once they have one) and may then act for
`STEPUP_SECONDS`. The mark lives in the portal session, so signing out or a new sign-in ends it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from walletdesk.identity.models import Customer
from walletdesk.web.portal.rendering import htmx_details, is_htmx

P = ParamSpec("P")

STEPUP_SECONDS = 5 * 60
_KEY = "stepup_at"


def stepup_fresh(request: HttpRequest) -> bool:
    marked = request.portal_session.get(_KEY)  # type: ignore[attr-defined]
    return isinstance(marked, (int, float)) and 0 <= time.time() - marked <= STEPUP_SECONDS


def stepup_mark(request: HttpRequest) -> None:
    request.portal_session[_KEY] = time.time()  # type: ignore[attr-defined]


def stepup_clear(request: HttpRequest) -> None:
    request.portal_session.pop(_KEY, None)  # type: ignore[attr-defined]


def stepup_url_for(request: HttpRequest) -> str:
    current = request.get_full_path()
    details = htmx_details(request)
    if details is not None:
        current = details.current_url_abs_path or current
    return f"{reverse('portal:security-confirm')}?{urlencode({'next': current})}"


def stepup_required(
    view: Callable[Concatenate[HttpRequest, Customer, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, Customer, P], HttpResponseBase]:
    """Inside `portal_login_required`: call the view only after a recent confirmation; else
    send the customer to confirm and back (a POST comes back as the page's GET)."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, customer: Customer, /, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if stepup_fresh(request):
            return view(request, customer, *args, **kwargs)
        target = stepup_url_for(request)
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    return wrapper
