"""Two-step verification settings: turn the authenticator on (QR code, confirm with a code),
new backup codes, turn it off, cancel a waiting lost-device recovery. All behind step-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.security.lostdevice import recovery_cancel, recovery_waiting
from walletdesk.security.twofactor import (
    SecondFactorInvalid,
    backup_codes_left,
    backup_codes_regenerate,
    totp_enrol_begin,
    totp_enrol_confirm,
    totp_enrol_restart,
    two_factor_disable,
    two_factor_since,
)
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.stepup import stepup_required


class ConfirmAppForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code your app shows now"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@portal_login_required
@stepup_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest, customer: Customer) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    client = client_of(request)
    context: dict[str, Any] = {}
    status = 200
    if action == "disable":
        two_factor_disable(customer=customer, client=client)
        messages.success(request, _("Two-step verification is off. We told you on every channel."))
        return redirect("portal:two-factor")
    if action == "restart":
        totp_enrol_restart(customer=customer)
        return redirect("portal:two-factor")
    if action == "cancel-recovery":
        waiting = recovery_waiting(customer)
        if waiting is not None:
            recovery_cancel(recovery=waiting, client=client, actor=f"customer:{customer.pk}")
            messages.success(request, _("The lost-device recovery is cancelled."))
        return redirect("portal:two-factor")
    if action == "backup":
        context["backup_codes"] = backup_codes_regenerate(customer=customer, client=client)
    device = two_factor_since(customer)
    form = ConfirmAppForm(request.POST if action == "confirm" else None)
    if action == "confirm" and device is None:
        status = 400
        if form.is_valid():
            try:
                context["backup_codes"] = totp_enrol_confirm(
                    customer=customer, code=form.cleaned_data["code"], client=client
                )
                messages.success(request, _("Two-step verification is on."))
                device = two_factor_since(customer)
                status = 200
            except (SecondFactorInvalid, RateLimited) as error:
                form.add_error("code", str(error.message))
                status = error.status
    if device is None and (action in {"begin", "confirm"} or status != 200):
        context["enrolment"] = totp_enrol_begin(customer=customer)
    context.update(
        {
            "device": device,
            "form": form,
            "codes_left": backup_codes_left(customer) if device else 0,
            "recovery": recovery_waiting(customer),
        }
    )
    return render_portal(request, "portal/two_factor.html", context, status=status)
