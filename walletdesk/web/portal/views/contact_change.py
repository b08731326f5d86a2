"""Changing the email address or phone number: step-up, then a code sent to the NEW address.

The new address is kept in the portal session with the code's token, and the change is made
to that address only; the notice goes to every address the account had before.
"""

from __future__ import annotations

import time

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.security.codes import CodeInvalid, code_check, code_send_to_address
from walletdesk.security.models import CodePurpose
from walletdesk.security.recovery import (
    contact_address_clean,
    contact_address_taken,
    contact_change,
)
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.recovery_forms import CodeForm
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.stepup import stepup_required

_PENDING = "contact_change"
PENDING_SECONDS = 15 * 60


class NewAddressForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("New email address or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _pending(request: HttpRequest) -> dict[str, object] | None:
    entry = request.portal_session.get(_PENDING)  # type: ignore[attr-defined]
    if not isinstance(entry, dict):
        return None
    at = entry.get("at")
    if not isinstance(at, (int, float)) or time.time() - at > PENDING_SECONDS:
        return None
    return entry


@portal_login_required
@stepup_required
def change_contact(request: HttpRequest, customer: Customer) -> HttpResponse:
    session = request.portal_session  # type: ignore[attr-defined]
    pending = _pending(request)
    status = 200
    if request.method == "POST" and request.POST.get("step") == "code" and pending:
        code_form = CodeForm(request.POST)
        status = 400
        if code_form.is_valid():
            try:
                proven = code_check(
                    purpose=CodePurpose.CONTACT_CHANGE,
                    token=str(pending["token"]),
                    code=code_form.cleaned_data["code"],
                    client=client_of(request),
                )
                if proven.pk != customer.pk:
                    raise CodeInvalid()
                contact_change(
                    customer=customer,
                    kind=str(pending["kind"]),
                    address=str(pending["address"]),
                    client=client_of(request),
                )
            except (CodeInvalid, RateLimited, Conflict) as error:
                code_form.add_error("code", str(error.message))
            else:
                session.pop(_PENDING, None)
                messages.success(
                    request, _("Your contact details are changed. We told your old addresses.")
                )
                return redirect("portal:security")
        context = {"code_form": code_form, "pending": pending}
        return render_portal(request, "portal/security_contact.html", context, status=status)
    form = NewAddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                kind, address = contact_address_clean(form.cleaned_data["address"])
                # A taken address gets the same answer and no code: the page must not tell
                # whose address is registered (the change itself refuses it again).
                challenge = code_send_to_address(
                    purpose=CodePurpose.CONTACT_CHANGE,
                    customer=customer,
                    address=address,
                    client=client_of(request),
                    deliver=not contact_address_taken(kind=kind, address=address),
                )
            except ValidationFailed:
                form.add_error(
                    "address",
                    _("Enter an email address or a phone number, such as +86 138 0013 8000."),
                )
            except (RateLimited, Conflict) as error:
                form.add_error("address", str(error.message))
                status = error.status
            else:
                pending = {
                    "token": challenge.token,
                    "kind": kind,
                    "address": address,
                    "destination": challenge.destination,
                    "at": time.time(),
                }
                session[_PENDING] = pending
                context = {"code_form": CodeForm(), "pending": pending}
                return render_portal(request, "portal/security_contact.html", context)
    context = {"form": form, "pending": None}
    return render_portal(request, "portal/security_contact.html", context, status=status)
