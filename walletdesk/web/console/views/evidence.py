"""A customer's evidence bundle, for the security team, supervisors and admins (GET: choose the
period; POST: the ZIP). Anyone else, and any customer they cannot see through a proven ticket,
gets the console's 404."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import DomainError
from walletdesk.core.ids import parse_id
from walletdesk.security.evidence.access import evidence_customer_for_agent
from walletdesk.security.evidence.services import MAX_DAYS, evidence_download
from walletdesk.web.clients import client_of
from walletdesk.web.console.http import ConsoleRequest, console_view
from walletdesk.web.evidence import PeriodForm, zip_response


@require_http_methods(["GET", "HEAD", "POST"])
@console_view
def evidence_view(request: ConsoleRequest, customer_id: int) -> HttpResponseBase:
    customer = evidence_customer_for_agent(user=request.user, customer_id=customer_id)
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
                    requested_by=request.user,
                    client=client_of(request),
                )
            except DomainError as error:  # rate limited, or the period after all
                form.add_error(None, str(error.message))
                status = error.status
            else:
                return zip_response(bundle)
    ticket_id = parse_id(request.GET.get("ticket", "") or request.POST.get("ticket", ""))
    context = {"customer": customer, "form": form, "max_days": MAX_DAYS, "ticket_id": ticket_id}
    return render(request, "console/evidence.html", context, status=status)
