"""Signing in and out of the portal (the customer session, never the console's)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walletdesk.core.ratelimit import PORTAL_LOGIN, PORTAL_LOGIN_ACCOUNT, RateLimited
from walletdesk.identity.portal_auth import portal_customer, portal_logout
from walletdesk.identity.services import customer_authenticate, customer_rate_subject
from walletdesk.security.twofactor import second_factor_mode
from walletdesk.web.portal.forms import LoginForm
from walletdesk.web.portal.pending import pending_start
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal
from walletdesk.web.portal.signin import sign_in_complete
from walletdesk.web.signin_limits import check_sign_in


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after signing in: a local path the customer came from, or their requests.
    Only paths count: a bare word would be taken for a view name by `redirect()`."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("portal:tickets")


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method != "POST" and portal_customer(request) is not None:
        return redirect(next_url)
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            identifier: str = form.cleaned_data["identifier"]
            # One counter per customer, whether they type their email or phone, however spelt.
            subject = customer_rate_subject(identifier)
            client = client_ip(request)
            try:
                check_sign_in(
                    request,
                    scope="portal",
                    per_client=PORTAL_LOGIN,
                    ceiling=PORTAL_LOGIN_ACCOUNT,
                    subject=subject,
                )
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                customer = customer_authenticate(
                    identifier=identifier, password=form.cleaned_data["password"]
                )
                if customer is not None:
                    PORTAL_LOGIN.reset(subject, client)
                    if second_factor_mode(customer):  # not signed in yet: the second step
                        pending_start(request, customer, next_url)
                        return redirect("portal:login-verify")
                    return sign_in_complete(request, customer, redirect(next_url), subject=subject)
                # The same words whether the account exists or not.
                form.add_error(
                    None,
                    _(
                        "The email address, phone number or password is not correct. "
                        "Please check them and try again."
                    ),
                )
    response = render_portal(
        request, "portal/login.html", {"form": form, "next": next_url}, status=status
    )
    add_never_cache_headers(response)
    return response


@require_POST
def logout(request: HttpRequest) -> HttpResponseRedirect:
    if portal_customer(request) is not None:
        portal_logout(request)
        messages.success(request, _("You have signed out. See you soon."))
    return redirect("portal:home")
