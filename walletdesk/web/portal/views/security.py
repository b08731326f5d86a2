"""The security check-up and the signed-in changes: devices, password, email or phone."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from walletdesk.core.errors import NotFound, ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_login
from walletdesk.identity.sessions import sessions_revoke
from walletdesk.security.checkup import OLD_PASSWORD_DAYS, password_age_days, two_factor_state
from walletdesk.security.devices import (
    portal_session_current,
    portal_session_end,
    portal_session_register,
    portal_sessions_forget,
    portal_sessions_live,
)
from walletdesk.security.events import security_event_record, security_events_recent
from walletdesk.security.models import SecurityEventKind
from walletdesk.security.recovery import password_change
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.clients import client_of
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.recovery_forms import NewPasswordForm
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.stepup import stepup_required
from walletdesk.web.portal.wallet_text import PaymentMethodRow, beijing_time


def _session_key(request: HttpRequest) -> str | None:
    key: str | None = request.portal_session.session_key  # type: ignore[attr-defined]
    return key


def _advice(
    customer: Customer, age: int | None, two_factor_on: bool, methods: list[PaymentMethodRow]
) -> list[str]:
    advice: list[str] = []
    if age is None or age >= OLD_PASSWORD_DAYS:
        advice.append(_("Your password is old. Choose a new one that you use nowhere else."))
    if not two_factor_on:
        advice.append(
            _(
                "Turn on two-step verification: then a stolen password alone cannot open your "
                "wallet."
            )
        )
    if any(row.method.status.value != "active" for row in methods):
        advice.append(_("Remove cards or bank accounts you no longer use or do not recognise."))
    advice.append(
        _("We never ask for your password, codes or recovery phrase. Anyone who does is not us.")
    )
    return advice


@require_safe
@portal_login_required
def checkup(request: HttpRequest, customer: Customer) -> HttpResponse:
    current = portal_session_current(customer=customer, session_key=_session_key(request))
    methods: list[PaymentMethodRow] = []
    if customer.wallet_account_ref:
        try:
            listed = get_gateway().list_payment_methods(customer.wallet_account_ref)
        except AccountNotFound:
            listed = []
        methods = [PaymentMethodRow.of(pm) for pm in listed]
    age = password_age_days(customer)
    two_factor = two_factor_state(customer)
    devices = portal_sessions_live(customer=customer)
    events = [
        (event, beijing_time(event.at)) for event in security_events_recent(customer, limit=10)
    ]
    return render_portal(
        request,
        "portal/security.html",
        {
            "password_age": age,
            "password_old": age is None or age >= OLD_PASSWORD_DAYS,
            "two_factor": two_factor,
            "devices": [
                (row, beijing_time(row.last_seen_at), current is not None and row.pk == current.pk)
                for row in devices
            ],
            "others": sum(1 for row in devices if current is None or row.pk != current.pk),
            "payment_methods": methods,
            "events": events,
            "advice": _advice(customer, age, two_factor.enabled, methods),
        },
    )


@require_POST
@portal_login_required
def session_end(request: HttpRequest, customer: Customer) -> HttpResponseRedirect:
    public_id = str(request.POST.get("session", ""))[:32]
    current = portal_session_current(customer=customer, session_key=_session_key(request))
    if current is not None and current.public_id == public_id:
        messages.info(request, _("To sign out of this device, use “Sign out” at the top."))
        return redirect("portal:security")
    try:
        portal_session_end(customer=customer, public_id=public_id, client=client_of(request))
    except NotFound:
        messages.info(request, _("That device is already signed out."))
    else:
        messages.success(request, _("That device is signed out."))
    return redirect("portal:security")


def _sign_in_again(request: HttpRequest, customer: Customer) -> None:
    """Keep this browser signed in after the customer's sessions were revoked."""
    portal_login(request, customer)
    portal_session_register(
        customer=customer, session_key=_session_key(request) or "", client=client_of(request)
    )


@require_POST
@portal_login_required
def sessions_end_others(request: HttpRequest, customer: Customer) -> HttpResponseRedirect:
    client = client_of(request)
    sessions_revoke(customer=customer, by=f"customer:{customer.pk}", reason="signed_out_elsewhere")
    portal_sessions_forget(customer=customer)
    security_event_record(
        customer=customer,
        kind=SecurityEventKind.SESSIONS_ENDED,
        client=client,
        actor=f"customer:{customer.pk}",
    )
    _sign_in_again(request, customer)
    messages.success(request, _("Every other device is signed out."))
    return redirect("portal:security")


@portal_login_required
@stepup_required
def change_password(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = NewPasswordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                password_change(
                    customer=customer,
                    password=form.cleaned_data["password1"],
                    client=client_of(request),
                    keep_session_key=_session_key(request),
                )
            except ValidationFailed as error:
                for message in error.fields.get("password", [str(error.message)]):
                    form.add_error("password1", message)
            else:
                portal_login(request, customer)
                portal_session_register(
                    customer=customer,
                    session_key=_session_key(request) or "",
                    client=client_of(request),
                )
                messages.success(
                    request, _("Your new password is set. Every other device was signed out.")
                )
                return redirect("portal:security")
    return render_portal(request, "portal/security_password.html", {"form": form}, status=status)
