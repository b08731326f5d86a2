"""Confirming it is still you (step-up verification) before a sensitive act.

With two-step verification on, the password alone is not enough: the customer confirms with
their authenticator, a backup code, or a code sent to their registered phone or email. Without
it, the password or a code sent to them does."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import DomainError
from walletdesk.core.ratelimit import PORTAL_LOGIN, RateLimited
from walletdesk.identity.models import Customer
from walletdesk.security.models import CodePurpose
from walletdesk.security.twofactor import (
    second_factor_check,
    second_factor_code_send,
    two_factor_enabled,
)
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.factor_forms import (
    FactorForm,
    SentCodeForm,
    chosen_channel,
    code_choices,
)
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.stepup import stepup_mark
from walletdesk.web.portal.views.session import safe_next

_CHALLENGE = "stepup_challenge"


class ConfirmForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@portal_login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, customer: Customer) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    session = request.portal_session  # type: ignore[attr-defined]
    client = client_of(request)
    with_factor = two_factor_enabled(customer)
    action = request.POST.get("action", "password") if request.method == "POST" else ""
    form: forms.Form = ConfirmForm(request.POST if action == "password" else None)
    code_form: forms.Form = (FactorForm if with_factor else SentCodeForm)(
        request.POST if action == "code" else None
    )
    status = 200
    refusal = ""
    if request.method == "POST":
        status = 400
        try:
            if action == "send":
                channel = chosen_channel(customer, request.POST.get("channel", ""))
                if channel:
                    challenge = second_factor_code_send(
                        customer=customer,
                        client=client,
                        channel=channel,
                        purpose=CodePurpose.STEP_UP,
                    )
                    session[_CHALLENGE] = challenge.token
                    messages.success(
                        request,
                        _("We sent a code to %(destination)s.")
                        % {"destination": challenge.destination},
                    )
                    return redirect(f"{request.path}?{urlencode({'next': next_url})}")
            elif action == "code" and code_form.is_valid():
                second_factor_check(
                    customer=customer,
                    code=code_form.cleaned_data["code"],
                    client=client,
                    challenge=str(session.get(_CHALLENGE) or ""),
                    purpose=CodePurpose.STEP_UP,
                    allow_totp=with_factor,
                )
                session.pop(_CHALLENGE, None)
                stepup_mark(request)
                return redirect(next_url)
            elif action == "password" and with_factor:
                refusal = _("Your password is not enough here: use your authenticator app.")
            elif action == "password" and form.is_valid():
                # The same counter as signing in: confirming is no back door for guessing.
                PORTAL_LOGIN.hit(f"customer:{customer.pk}", client.rate_key)
                if customer.check_password(form.cleaned_data["password"]):
                    stepup_mark(request)
                    return redirect(next_url)
                form.add_error("password", _("That is not your password."))
        except (DomainError, RateLimited) as error:
            (code_form if action != "password" else form).add_error(None, str(error.message))
            status = error.status
    return render_portal(
        request,
        "portal/security_confirm.html",
        {
            "form": form,
            "code_form": code_form,
            "with_factor": with_factor,
            "choices": code_choices(customer),
            "code_sent": bool(session.get(_CHALLENGE)),
            "refusal": refusal,
            "next": next_url,
        },
        status=status,
    )
