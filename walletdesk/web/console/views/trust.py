"""Console actions of the official-channel work: decide a phishing report, create a contact
code. Plain forms: a flash message and back to the ticket."""

from __future__ import annotations

from django.contrib import messages
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from walletdesk.core.errors import DomainError, NotFound
from walletdesk.safety.models import ReportedValue
from walletdesk.security.contact_codes import contact_code_create
from walletdesk.security.reports import phishing_report_decide
from walletdesk.tickets import selectors
from walletdesk.web.console.http import ConsoleRequest, console_view


@require_POST
@console_view
def report_decide_view(request: ConsoleRequest, report_id: int) -> HttpResponseBase:
    decision = request.POST.get("decision", "")
    if decision not in {"confirm", "reject"}:
        raise NotFound()
    report = ReportedValue.objects.filter(pk=report_id).only("ticket_id").first()
    if report is None:
        raise NotFound()
    try:
        phishing_report_decide(
            report_id=report_id, user=request.user, confirm=decision == "confirm"
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("console:ticket", ticket_id=report.ticket_id)
    if decision == "confirm":
        messages.success(request, _("Confirmed as fake. The check now warns everyone about it."))
    else:
        messages.success(request, _("Report rejected. The check does not change."))
    return redirect("console:ticket", ticket_id=report.ticket_id)


@require_POST
@console_view
def contact_code_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    try:
        contact_code_create(user=request.user, ticket=ticket)
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Contact code created. Say it at the start of the call or message."),
        )
    return redirect("console:ticket", ticket_id=ticket.pk)
