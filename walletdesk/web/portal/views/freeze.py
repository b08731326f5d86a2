"""钱包被盗: freeze the wallet now, signed in (one click after re-authenticating) or signed out
(the registered email or phone, then the code sent there). Then the next steps in plain words.
A signed-in customer may also ask for an unfreeze; that only reaches the security team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer, portal_logout
from walletdesk.security.codes import CodeInvalid, code_check, code_send_later
from walletdesk.security.freeze import FreezeResult, FreezeVia, unfreeze_ask, wallet_freeze
from walletdesk.security.models import CodePurpose
from walletdesk.security.notify import SERVICE_ZONE
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal
from walletdesk.web.portal.stepup import stepup_required

_DONE_SALT = "walletdesk.portal.freeze-done"
_DONE_MAX_AGE = 24 * 60 * 60
TEMPLATE = "portal/freeze.html"


class AddressForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("Registered email address or phone number"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class CodeForm(forms.Form):
    token = forms.CharField(max_length=128, widget=forms.HiddenInput)
    destination = forms.CharField(max_length=254, required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UnfreezeAskForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Anything the security team should know (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def freeze(request: HttpRequest) -> HttpResponse:
    if portal_customer(request) is not None:
        response = _freeze_signed_in(request)
    else:
        response = _freeze_signed_out(request)
    add_never_cache_headers(response)
    return response


@portal_login_required
@stepup_required
def _signed_in(request: HttpRequest, customer: Customer) -> HttpResponse:
    if request.method == "POST":
        result = wallet_freeze(
            customer=customer,
            via=FreezeVia.PORTAL,
            client=client_of(request),
            actor=f"customer:{customer.pk}",
        )
        return _done(request, result)
    return render_portal(request, TEMPLATE, {"step": "confirm"})


def _freeze_signed_in(request: HttpRequest) -> HttpResponse:
    response = _signed_in(request)
    assert isinstance(response, HttpResponse)  # noqa: S101 - the decorators answer pages
    return response


def _freeze_signed_out(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render_portal(request, TEMPLATE, {"step": "address", "form": AddressForm()})
    if request.POST.get("step") == "code":
        return _check_code(request)
    form = AddressForm(request.POST)
    if not form.is_valid():
        return render_portal(request, TEMPLATE, {"step": "address", "form": form}, status=400)
    try:
        challenge = code_send_later(
            purpose=CodePurpose.FREEZE,
            identifier=form.cleaned_data["identifier"],
            client=client_of(request),
            link_path=reverse("portal:freeze"),
        )
    except RateLimited as error:
        form.add_error(None, str(error.message))
        return render_portal(request, TEMPLATE, {"step": "address", "form": form}, status=429)
    code_form = CodeForm(initial={"token": challenge.token, "destination": challenge.destination})
    return render_portal(
        request,
        TEMPLATE,
        {"step": "code", "form": code_form, "destination": challenge.destination},
    )


def _check_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    context: dict[str, Any] = {"step": "code", "form": form}
    context["destination"] = str(request.POST.get("destination", ""))[:254]
    if not form.is_valid():
        return render_portal(request, TEMPLATE, context, status=400)
    client = client_of(request)
    try:
        customer = code_check(
            purpose=CodePurpose.FREEZE,
            token=form.cleaned_data["token"],
            code=form.cleaned_data["code"],
            client=client,
        )
    except (CodeInvalid, RateLimited) as error:
        form.add_error("code", str(error.message))
        return render_portal(request, TEMPLATE, context, status=error.status)
    result = wallet_freeze(
        customer=customer,
        via=FreezeVia.PORTAL_CODE,
        client=client,
        actor=f"customer:{customer.pk}",
    )
    return _done(request, result)


def _done(request: HttpRequest, result: FreezeResult) -> HttpResponse:
    """Every session of the customer has just ended, this one too: the next-steps page reads
    what happened from a signed token in its address, not from a session."""
    portal_logout(request)
    token = signing.dumps(
        {
            "ref": result.ticket_reference,
            "at": result.frozen_at.isoformat() if result.frozen_at else "",
            "wallet": result.wallet_frozen,
        },
        salt=_DONE_SALT,
    )
    return redirect(f"{reverse('portal:freeze-done')}?{urlencode({'r': token})}")


@require_safe
def freeze_done(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"reference": "", "frozen_at": "", "wallet": True}
    try:
        data = signing.loads(
            str(request.GET.get("r", ""))[:1024], salt=_DONE_SALT, max_age=_DONE_MAX_AGE
        )
    except signing.BadSignature:
        data = None
    if isinstance(data, dict):
        context["reference"] = str(data.get("ref", ""))[:32]
        context["wallet"] = bool(data.get("wallet", True))
        try:
            at: dt.datetime | None = dt.datetime.fromisoformat(str(data.get("at", "")))
        except ValueError:
            at = None
        if at is not None and at.tzinfo is not None:
            context["frozen_at"] = timezone.localtime(at, SERVICE_ZONE).strftime("%Y-%m-%d %H:%M")
    response = render_portal(request, "portal/freeze_done.html", context)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@stepup_required
def unfreeze(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = UnfreezeAskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ticket = unfreeze_ask(
            customer=customer, client=client_of(request), text=form.cleaned_data["text"]
        )
        return render_portal(request, "portal/unfreeze.html", {"sent": True, "ticket": ticket})
    status = 400 if request.method == "POST" else 200
    return render_portal(request, "portal/unfreeze.html", {"form": form}, status=status)
