"""Forgot password: an address, a code sent to it, the code and a new password on one page.

Nothing here says whether an account exists: the address page answers every well-formed
address with the same redirect, the code page shows the address as typed (masked), and a
wrong code, an expired one and one for no account read the same. The challenge token lives in
the portal session (server side), never in a URL. Once the code is accepted the session holds
the proven customer for a few minutes, so a refused password does not spend a second code.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import PASSWORD_CHECK_CLIENT, PASSWORD_RESET_CLIENT, RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.passwords import password_rules_unmet, password_strength
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.security.codes import CodeInvalid, code_check, code_send_later
from walletdesk.security.models import CodePurpose
from walletdesk.security.recovery import password_reset_complete
from walletdesk.security.twofactor import (
    SecondFactorInvalid,
    second_factor_check,
    second_factor_mode,
)
from walletdesk.web.clients import client_of
from walletdesk.web.portal.recovery_forms import MAX_PASSWORD_CHARS, AddressForm, ResetForm
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal
from walletdesk.web.portal.signin import sign_in_complete

_CHALLENGE = "reset_challenge"
_PROVEN = "reset_proven"
CHALLENGE_SECONDS = 15 * 60
PROVEN_SECONDS = 10 * 60


def _session(request: HttpRequest) -> dict[str, object]:
    return request.portal_session  # type: ignore[attr-defined, no-any-return]


def _fresh(entry: object, seconds: int) -> dict[str, object] | None:
    if not isinstance(entry, dict):
        return None
    at = entry.get("at")
    if not isinstance(at, (int, float)) or not 0 <= time.time() - at <= seconds:
        return None
    return entry


def reset_proven_customer(request: HttpRequest) -> Customer | None:
    """The customer whose reset code this browser entered a moment ago, if any."""
    proven = _fresh(_session(request).get(_PROVEN), PROVEN_SECONDS)
    challenge = _fresh(_session(request).get(_CHALLENGE), CHALLENGE_SECONDS)
    if proven is None or challenge is None or proven.get("token") != challenge.get("token"):
        return None
    customer_id = proven.get("customer_id")
    if not isinstance(customer_id, int):
        return None
    return Customer.objects.filter(pk=customer_id, is_active=True).first()


def _page(
    request: HttpRequest, template: str, context: dict[str, object], status: int
) -> HttpResponse:
    response = render_portal(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                challenge = code_send_later(
                    purpose=CodePurpose.PASSWORD_RESET,
                    identifier=form.cleaned_data["identifier"],
                    client=client_of(request),
                )
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                session = _session(request)
                session.pop(_PROVEN, None)
                session[_CHALLENGE] = {
                    "token": challenge.token,
                    "destination": challenge.destination,
                    "channel": challenge.channel,
                    "at": time.time(),
                }
                return redirect("portal:password-reset")
    return _page(request, "portal/password_forgot.html", {"form": form}, status)


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    challenge = _fresh(_session(request).get(_CHALLENGE), CHALLENGE_SECONDS)
    if challenge is None:
        messages.info(request, _("Enter your email address or phone number to get a code."))
        return redirect("portal:password-forgot")
    proven = reset_proven_customer(request)
    form = ResetForm(
        request.POST if request.method == "POST" else None,
        code_proven=proven is not None,
        needs_factor=_needs_factor(proven),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                return _reset(request, form, challenge, proven)
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            except CodeInvalid as error:
                form.add_error("code", str(error.message))
            except FactorNeeded:
                form = ResetForm(code_proven=True, needs_factor=True)
                messages.warning(
                    request,
                    _(
                        "Your account has two-step verification. Enter the code from your "
                        "authenticator app (or a backup code) and your new password again."
                    ),
                )
            except SecondFactorInvalid as error:
                form.add_error("factor", str(error.message))
            except ValidationFailed as error:
                for message in error.fields.get("password", [str(error.message)]):
                    form.add_error("password1", message)
            proven = reset_proven_customer(request)
    context = {"form": form, "challenge": challenge, "code_proven": proven is not None}
    return _page(request, "portal/password_reset.html", context, status)


class FactorNeeded(Exception):
    """The reset's code was right; the account's authenticator code is still to come."""


def _needs_factor(customer: Customer | None) -> bool:
    return customer is not None and second_factor_mode(customer) == "totp"


def _reset(
    request: HttpRequest,
    form: ResetForm,
    challenge: dict[str, object],
    proven: Customer | None,
) -> HttpResponse:
    client = client_of(request)
    PASSWORD_RESET_CLIENT.hit(client.rate_key)
    customer = proven
    if customer is None:
        customer = code_check(
            purpose=CodePurpose.PASSWORD_RESET,
            token=str(challenge.get("token") or ""),
            code=form.cleaned_data["code"],
            client=client,
        )
        _session(request)[_PROVEN] = {
            "customer_id": customer.pk,
            "token": challenge.get("token"),
            "at": time.time(),
        }
    if _needs_factor(customer):
        # The code proved the mailbox or the phone: one factor. An account with an
        # authenticator keeps its password until the other factor is proven as well.
        factor = str(form.cleaned_data.get("factor") or "")
        if not factor:
            raise FactorNeeded()
        second_factor_check(customer=customer, code=factor, client=client, allow_totp=True)
    password_reset_complete(
        customer=customer, password=form.cleaned_data["password1"], client=client
    )
    session = _session(request)
    session.pop(_PROVEN, None)
    session.pop(_CHALLENGE, None)
    with translation.override(customer.preferred_language or None):  # the next page's
        messages.success(
            request,
            _(
                "Your new password is set and every other device was signed out. Here is your "
                "security check-up."
            ),
        )
    response: HttpResponseRedirect = redirect("portal:security")
    sign_in_complete(request, customer, response, how="reset")
    return response


@require_POST
def password_check(request: HttpRequest) -> JsonResponse:
    """The live hints: which rules a password does not meet yet, and a strength from 0 to 4.
    For the signed-in customer, and for a reset whose code was accepted, the account's own
    data counts; before that only the rules that say nothing about an account are checked.
    The password is never logged or stored; the answer on submit is the one that decides."""
    customer = portal_customer(request)
    has_challenge = _fresh(_session(request).get(_CHALLENGE), CHALLENGE_SECONDS) is not None
    if customer is None:
        customer = reset_proven_customer(request)
    if customer is None and not has_challenge:
        return JsonResponse(
            {"error": {"code": "forbidden", "message": _("Sign in first.")}}, status=403
        )
    try:
        PASSWORD_CHECK_CLIENT.hit(client_of(request).rate_key)
    except RateLimited as error:
        return JsonResponse(
            {"error": {"code": error.code, "message": str(error.message)}}, status=429
        )
    password = str(request.POST.get("password", ""))[:MAX_PASSWORD_CHARS]
    unmet = password_rules_unmet(password=password, user=customer) if password else []
    response = JsonResponse(
        {
            "unmet": unmet,
            "score": password_strength(password=password, user=customer),
            "personal_checked": customer is not None,
            "ok": bool(password) and not unmet,
        }
    )
    add_never_cache_headers(response)
    return response
