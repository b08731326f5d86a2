"""The second step of signing in, the lost-device recovery, and the recovery's cancel link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import DomainError
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.security.codes import CodeInvalid
from walletdesk.security.lostdevice import (
    recovery_by_link,
    recovery_cancel,
    recovery_cancel_by_link,
    recovery_start,
    recovery_waiting,
)
from walletdesk.security.models import CodePurpose
from walletdesk.security.twofactor import (
    SecondFactorInvalid,
    second_factor_check,
    second_factor_code_send,
    second_factor_mode,
)
from walletdesk.web.clients import client_of
from walletdesk.web.portal.factor_forms import (
    FactorForm,
    SentCodeForm,
    chosen_channel,
    code_choices,
)
from walletdesk.web.portal.pending import (
    pending_clear,
    pending_customer,
    pending_get,
    pending_next,
    pending_put,
)
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal
from walletdesk.web.portal.signin import sign_in_complete
from walletdesk.web.portal.stepup import stepup_mark
from walletdesk.web.portal.views.session import safe_next


def _expired(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Your sign-in took too long. Please enter your password again."))
    return redirect("portal:login")


def _send(request: HttpRequest, customer: Customer, purpose: str, slot: str) -> str:
    """Send a code to the channel the form chose; the flash or error to show."""
    channel = chosen_channel(customer, request.POST.get("channel", ""))
    if not channel:
        return _("Choose where we should send the code.")
    challenge = second_factor_code_send(
        customer=customer, client=client_of(request), channel=channel, purpose=purpose
    )
    pending_put(request, slot, challenge.token)
    messages.success(
        request,
        _("We sent a code to %(destination)s. It works for %(minutes)d minutes.")
        % {"destination": challenge.destination, "minutes": challenge.expires_in_seconds // 60},
    )
    return ""


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    customer = pending_customer(request)
    if customer is None:
        return _expired(request)
    mode = second_factor_mode(customer)
    if not mode:  # 2FA was turned off meanwhile: the password was enough
        pending_clear(request)
        return sign_in_complete(
            request, customer, redirect(safe_next(request, pending_next(request)))
        )
    form = FactorForm(request.POST if request.POST.get("action") == "verify" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if request.POST.get("action") == "send" and mode == "totp":
                # With an authenticator, a code by SMS or email is no second factor: whoever
                # swapped the SIM or read the mailbox would have both. A lost authenticator goes
                # through the lost-device recovery and its waiting period.
                messages.error(request, _("Enter the code from your authenticator app."))
            elif request.POST.get("action") == "send":
                error = _send(request, customer, CodePurpose.TWO_FACTOR, "challenge")
                if not error:
                    return redirect("portal:login-verify")
                form.add_error(None, error)
            elif form.is_valid():
                how = second_factor_check(
                    customer=customer,
                    code=form.cleaned_data["code"],
                    client=client_of(request),
                    challenge="" if mode == "totp" else pending_get(request, "challenge"),
                    allow_totp=mode == "totp",
                )
                target = safe_next(request, pending_next(request))
                if mode == "code":
                    messages.warning(
                        request,
                        _(
                            "Two-step verification was reset. Please set up your "
                            "authenticator again."
                        ),
                    )
                    target = reverse("portal:two-factor")
                pending_clear(request)
                waiting = recovery_waiting(customer)
                if waiting is not None and how in {"totp", "backup_code"}:
                    # The factor is not lost after all (or a thief started it): stop the wait.
                    recovery_cancel(recovery=waiting, client=client_of(request), actor="signed-in")
                response = sign_in_complete(request, customer, redirect(target), how=how)
                stepup_mark(request)  # both factors a moment ago: no second confirmation
                return response
        except (SecondFactorInvalid, CodeInvalid, RateLimited) as error:
            form.add_error(None, str(error.message))
            status = error.status
    response = render_portal(
        request,
        "portal/login_verify.html",
        {
            "form": form,
            "mode": mode,
            "choices": [] if mode == "totp" else code_choices(customer),
            "recovery": recovery_waiting(customer),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def login_lost_device(request: HttpRequest) -> HttpResponse:
    """Signed out, past the password: prove a registered address too, and start the wait."""
    customer = pending_customer(request)
    if customer is None:
        return _expired(request)
    waiting = recovery_waiting(customer)
    form = SentCodeForm(request.POST if request.POST.get("action") == "verify" else None)
    status = 200
    if request.method == "POST" and waiting is None:
        status = 400
        try:
            if request.POST.get("action") == "send":
                error = _send(request, customer, CodePurpose.RECOVERY, "recovery")
                if not error:
                    return redirect("portal:login-lost-device")
                form.add_error(None, error)
            elif form.is_valid():
                client = client_of(request)
                second_factor_check(
                    customer=customer,
                    code=form.cleaned_data["code"],
                    client=client,
                    challenge=pending_get(request, "recovery"),
                    purpose=CodePurpose.RECOVERY,
                    allow_totp=False,
                )
                # From the configured address, never the request's Host header: whoever
                # starts a recovery must not choose where the owner's cancel link points.
                cancel_url = settings.BASE_URL.rstrip("/") + reverse(
                    "portal:recovery-cancel", args=["TOKEN"]
                ).replace("TOKEN", "{token}")
                recovery_start(customer=customer, client=client, cancel_url_for=cancel_url)
                return redirect("portal:login-lost-device")
        except (SecondFactorInvalid, CodeInvalid, RateLimited) as error:
            form.add_error(None, str(error.message))
            status = error.status
    response = render_portal(
        request,
        "portal/login_lost_device.html",
        {
            "form": form,
            "choices": code_choices(customer),
            "recovery": waiting,
            "sent": bool(pending_get(request, "recovery")),
            "wait_hours": settings.TWO_FACTOR_RECOVERY_HOURS,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def recovery_cancel_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the notice: needs nothing but its secret. GET only asks (link previews
    must not cancel); the button POSTs."""
    try:
        if request.method == "POST":
            recovery_cancel_by_link(token=token, client=client_of(request))
            response = render_portal(request, "portal/recovery_cancel.html", {"done": True})
        else:
            recovery = recovery_by_link(token)
            response = render_portal(
                request, "portal/recovery_cancel.html", {"recovery": recovery, "token": token}
            )
    except DomainError as error:
        response = render_portal(
            request, "portal/error.html", {"error": error}, status=error.status
        )
    response["Referrer-Policy"] = "no-referrer"  # the secret is in the address
    add_never_cache_headers(response)
    return response
