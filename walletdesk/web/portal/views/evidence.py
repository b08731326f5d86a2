"""The customer's evidence bundle (报警材料): choose a period, confirm it is you, download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.security.evidence.services import MAX_DAYS, evidence_download
from walletdesk.web.clients import client_of
from walletdesk.web.evidence import PeriodForm, zip_response
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal
from walletdesk.web.portal.stepup import stepup_required


@portal_login_required
@stepup_required
@require_http_methods(["GET", "HEAD", "POST"])
@domain_errors_as_pages
def evidence(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = PeriodForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                bundle = evidence_download(
                    customer=customer,
                    period_start=form.period.start,
                    period_end=form.period.end,
                    requested_by=customer,
                    client=client_of(request),
                )
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                return zip_response(bundle)
    return render_portal(
        request,
        "portal/evidence.html",
        {"form": form, "max_days": MAX_DAYS, "wallet_linked": bool(customer.wallet_account_ref)},
        status=status,
    )
