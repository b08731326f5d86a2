"""Confirming it is still you (step-up verification) before a sensitive act."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from walletdesk.core.ratelimit import PORTAL_LOGIN, RateLimited
from walletdesk.identity.models import Customer
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.stepup import stepup_mark
from walletdesk.web.portal.views.session import safe_next


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
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                # The same counter as signing in: confirming is no back door for guessing.
                PORTAL_LOGIN.hit(f"customer:{customer.pk}", client_of(request).rate_key)
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                if customer.check_password(form.cleaned_data["password"]):
                    stepup_mark(request)
                    return redirect(next_url)
                form.add_error("password", _("That is not your password."))
    return render_portal(
        request,
        "portal/security_confirm.html",
        {"form": form, "next": next_url},
        status=status,
    )
