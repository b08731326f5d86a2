"""Signing console users in and out (Django auth, session cookie `wd_console`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from walletdesk.core.ratelimit import (
    CONSOLE_LOGIN,
    CONSOLE_LOGIN_ACCOUNT,
    RateLimited,
)
from walletdesk.identity.models import User
from walletdesk.identity.services import console_rate_subject
from walletdesk.web.console.forms import ConsoleLoginForm
from walletdesk.web.signin_limits import check_sign_in, client_address, remember_device


def _safe_next(request: HttpRequest) -> str:
    """Where to go after signing in: a path on this site, never somewhere else."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("console:inbox")


def _is_admin_path(target: str) -> bool:
    return urlsplit(target).path.startswith(reverse("admin:index"))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User) and request.user.is_active:
        target = _safe_next(request)
        if _is_admin_path(target) and not admin.site.has_permission(request):
            # The admin sends people it refuses to this sign-in; sending them back would loop.
            raise PermissionDenied
        return HttpResponseRedirect(target)
    form = ConsoleLoginForm(request, data=request.POST or None)
    status = 200
    refusal = ""
    if request.method == "POST":
        # Counted as Django's form reads the name (NFKC), case-folded: look-alikes share it.
        subject = console_rate_subject(request.POST.get("username") or "")
        client = client_address(request)
        try:
            check_sign_in(
                request,
                scope="console",
                per_client=CONSOLE_LOGIN,
                ceiling=CONSOLE_LOGIN_ACCOUNT,
                subject=subject,
            )
        except RateLimited as exc:
            # Not even checked: a guess made while limited must not reveal whether it was right.
            form = ConsoleLoginForm(request, initial={"username": request.POST.get("username")})
            refusal = str(exc.message)
            status = exc.status
        else:
            if form.is_valid():
                user = form.get_user()
                login(request, user)
                CONSOLE_LOGIN.reset(subject, client)
                response = HttpResponseRedirect(_safe_next(request))
                remember_device(request, response, scope="console", subject=subject, path="/")
                if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                    # An agent who never used the switch works in the language of their profile.
                    response.set_cookie(
                        settings.LANGUAGE_COOKIE_NAME,
                        user.language,
                        max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite="Lax",
                    )
                return response
            status = 400
    context = {"form": form, "next": _safe_next(request), "refusal": refusal}
    return render(request, "console/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("console:login")
