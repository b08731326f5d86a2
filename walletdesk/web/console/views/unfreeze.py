"""Unfreezing a wallet from the console, under dual control.

On the customer's page a security-team user (or a supervisor or admin) verifies the customer —
sending a code to the registered phone or email that the customer reads out, or describing a
video call or ID check — and asks for the unfreeze. "Approvals" lists what waits; a second such
user approves or rejects. The code's challenge token stays in this user's console session; the
code itself never appears in the console.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from walletdesk.core.errors import DomainError, ValidationFailed
from walletdesk.core.masking import mask_email, mask_phone
from walletdesk.identity.models import Customer
from walletdesk.security.codes import code_send_to_customer
from walletdesk.security.freeze import (
    may_handle_unfreeze,
    unfreeze_approve,
    unfreeze_cancel,
    unfreeze_for_user,
    unfreeze_pending_for,
    unfreeze_reject,
    unfreeze_request_create,
)
from walletdesk.security.models import CodePurpose, UnfreezeVerification
from walletdesk.tickets import selectors
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.clients import client_of
from walletdesk.web.console.http import ConsoleRequest, console_view

_CHALLENGE_SLOT = "unfreeze_code:{customer_id}:{channel}"


class UnfreezeRequestForm(forms.Form):
    verification = forms.ChoiceField(
        label=gettext_lazy("How did you verify the customer?"),
        choices=UnfreezeVerification.choices,
        widget=forms.RadioSelect,
    )
    code = forms.CharField(
        label=gettext_lazy("Code the customer read out to you"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=gettext_lazy("What you checked (video call, ID document: who, when, what you saw)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why the wallet may be unfrozen"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(max_length=500, required=False)


def _customer_for_handler(request: ConsoleRequest, customer_id: int) -> Customer:
    customer = selectors.customer_for_user(user=request.user, customer_id=customer_id)
    if not may_handle_unfreeze(request.user):
        raise Http404()
    return customer


@require_http_methods(["GET", "HEAD", "POST"])
@console_view
def customer_unfreeze_view(request: ConsoleRequest, customer_id: int) -> HttpResponseBase:
    customer = _customer_for_handler(request, customer_id)
    form = UnfreezeRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and request.POST.get("send_code") in {"email", "sms"}:
        channel = str(request.POST["send_code"])
        try:
            challenge = code_send_to_customer(
                purpose=CodePurpose.STEP_UP,
                customer=customer,
                client=client_of(request),
                channel=channel,
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            key = _CHALLENGE_SLOT.format(customer_id=customer.pk, channel=channel)
            request.session[key] = challenge.token
            messages.success(
                request,
                _("A code is on its way to %(destination)s. Ask the customer to read it to you.")
                % {"destination": challenge.destination},
            )
        return redirect(reverse("console:customer-unfreeze", args=[customer.pk]))
    if request.method == "POST":
        status = 400
        if form.is_valid():
            verification = form.cleaned_data["verification"]
            channel = "sms" if verification == UnfreezeVerification.SMS_CODE else "email"
            key = _CHALLENGE_SLOT.format(customer_id=customer.pk, channel=channel)
            try:
                unfreeze_request_create(
                    customer=customer,
                    by=request.user,
                    verification=verification,
                    client=client_of(request),
                    note=form.cleaned_data["note"],
                    reason=form.cleaned_data["reason"],
                    code_token=str(request.session.get(key, "")),
                    code=form.cleaned_data["code"],
                )
            except ValidationFailed as error:
                for problems in error.fields.values():
                    for problem in problems:
                        form.add_error(None, problem)
                if not error.fields:
                    form.add_error(None, str(error.message))
                status = error.status
            except DomainError as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                request.session.pop(key, None)
                messages.success(
                    request, _("Unfreeze requested. A second person must now approve it.")
                )
                return redirect(reverse("console:approvals"))
    context = {
        "customer": customer,
        "form": form,
        "frozen": _frozen(customer),
        "masked_email": mask_email(customer.email),
        "masked_phone": mask_phone(customer.phone),
    }
    return render(request, "console/unfreeze_request.html", context, status=status)


@require_safe
@console_view
def approvals_view(request: ConsoleRequest) -> HttpResponseBase:
    if not may_handle_unfreeze(request.user):
        raise Http404()
    rows = unfreeze_pending_for(request.user)
    context: dict[str, Any] = {"rows": rows, "me": request.user.pk}
    return render(request, "console/approvals.html", context)


@require_POST
@console_view
def approval_decide_view(
    request: ConsoleRequest, unfreeze_id: int, decision: str
) -> HttpResponseBase:
    row = unfreeze_for_user(user=request.user, unfreeze_id=unfreeze_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    client = client_of(request)
    try:
        if decision == "approve":
            unfreeze_approve(unfreeze=row, by=request.user, client=client, note=note)
            messages.success(request, _("Approved: the wallet is unfrozen."))
        elif decision == "reject":
            unfreeze_reject(unfreeze=row, by=request.user, client=client, note=note)
            messages.success(request, _("Rejected: the wallet stays frozen."))
        elif decision == "cancel":
            unfreeze_cancel(unfreeze=row, by=request.user)
            messages.success(request, _("Your request is cancelled."))
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("console:approvals"))


def _frozen(customer: Customer) -> bool:
    if not customer.wallet_account_ref:
        return False
    try:
        return get_gateway().get_account(customer.wallet_account_ref).is_frozen
    except AccountNotFound:
        return False
