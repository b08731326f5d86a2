"""The official-channel check (/verify/) and the phishing report (/report/): public pages,
signed in or not. The check counts against the same per-client limit as the public API."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import RateLimited, public_limit
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.safety.verify import ValueInvalid, channel_verify
from walletdesk.security.contact_codes import contact_code_matches, contact_codes_active
from walletdesk.security.reports import phishing_report_submit
from walletdesk.web.clients import client_of
from walletdesk.web.portal.forms import add_validation_error, uploads_from
from walletdesk.web.portal.rendering import render_portal, request_language
from walletdesk.web.portal.trust_forms import ReportForm, VerifyForm
from walletdesk.web.portal.verdict_text import verdict_explained


@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest) -> HttpResponse:
    customer = portal_customer(request)
    context: dict[str, object] = {
        "contact_codes": contact_codes_active(customer) if customer else [],
    }
    status = 200
    if "value" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            value = form.cleaned_data["value"]
            try:
                public_limit().hit(client_of(request).rate_key)
                verdict = channel_verify(value)
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            except ValueInvalid as error:
                add_validation_error(form, error)
                status = 400
            else:
                context["verdict"] = verdict_explained(verdict)
                context["checked"] = value
                if customer is not None:
                    context["code_match"] = contact_code_matches(customer, value)
        else:
            status = 400
    else:
        form = VerifyForm()
    context["form"] = form
    response = render_portal(request, "portal/verify.html", context, status=status)
    if customer is not None:
        add_never_cache_headers(response)  # it shows the customer's contact codes
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    customer = portal_customer(request)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, signed_in=customer is not None)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                submitted = phishing_report_submit(
                    category=data["category"],
                    values=form.value_list(),
                    what_happened=data["what_happened"],
                    client=client_of(request),
                    customer=customer,
                    contact=data.get("contact", ""),
                    uploads=uploads_from(data["attachments"]),
                    language=request_language(),
                )
            except ValidationFailed as error:
                add_validation_error(form, error)
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your report %(reference)s has reached our security team. "
                        "Do not reply to the suspicious contact."
                    )
                    % {"reference": submitted.reference},
                )
                if customer is not None:
                    return redirect("portal:ticket", ticket_id=submitted.ticket_id)
                return redirect("portal:report-sent")
    else:
        initial = {"values": request.GET.get("value", "")[:500]}
        form = ReportForm(initial=initial, signed_in=customer is not None)
    return render_portal(request, "portal/report.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
def report_sent(request: HttpRequest) -> HttpResponse:
    return render_portal(request, "portal/report_sent.html")
