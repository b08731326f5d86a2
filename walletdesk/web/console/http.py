"""The console's request type, its sign-in gate and the mapping of domain errors to pages.

Every console view is wrapped in `console_view`: it lets only signed-in console users through
(customers have their own session and never reach `request.user`), and turns a `NotFound` from a
selector into the same 404 an unknown URL gives, so "forbidden" and "missing" look alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from walletdesk.core.errors import NotFound
from walletdesk.identity.models import User

P = ParamSpec("P")


class ConsoleRequest(HttpRequest):
    """A request from a signed-in console user, as the views see it."""

    user: User
    htmx: HtmxDetails


ConsoleView = Callable[Concatenate[ConsoleRequest, P], HttpResponseBase]
DjangoView = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


def console_view(view: ConsoleView[P]) -> DjangoView[P]:
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return _to_login(request)
        try:
            return view(cast(ConsoleRequest, request), *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc

    functools.update_wrapper(wrapper, view)
    return wrapper


def _to_login(request: HttpRequest) -> HttpResponseBase:
    if is_htmx(request):
        # A fragment request after the session expired: send the whole window to sign in,
        # not the login form into a table cell.
        details: HtmxDetails = request.htmx  # type: ignore[attr-defined]  # set by HtmxMiddleware
        page = details.current_url_abs_path or resolve_url("console:inbox")
        return HttpResponseClientRedirect(redirect_to_login(page).url)
    return redirect_to_login(request.get_full_path())


def is_htmx(request: HttpRequest) -> bool:
    """True for an htmx fragment request; a history restore wants the whole page."""
    details = getattr(request, "htmx", None)
    return bool(details) and not details.history_restore_request  # type: ignore[union-attr]  # bool(details) excludes None


def vary_on_htmx(response: HttpResponseBase) -> HttpResponseBase:
    """The same URL answers with a page or a fragment: caches must keep them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response
