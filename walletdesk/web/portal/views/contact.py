"""Contact support: the structured intake that opens a ticket from the portal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.tickets.choices import MONEY_PROBLEMS, Channel, ProblemType
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.forms import ContactForm, add_validation_error, uploads_from
from walletdesk.web.portal.rendering import render_portal, request_language
from walletdesk.web.portal.transactions import picker_choices
from walletdesk.web.portal.views.signed_out import signed_out_help


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponseBase:
    """Signed in: the intake form. Signed out: help for those who cannot sign in."""
    if portal_customer(request) is None:
        return signed_out_help(request)
    return _contact_signed_in(request)


@portal_login_required
def _contact_signed_in(request: HttpRequest, customer: Customer) -> HttpResponse:
    picker = picker_choices(customer)
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST, request.FILES, **picker)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = inbound_receive(
                    InboundMessage(
                        channel=Channel.PORTAL,
                        sender=Sender.signed_in(customer),
                        problem_type=data["problem_type"],
                        subject=data["subject"],
                        text=data["body"],
                        steps_tried=data["steps_tried"],
                        transaction_ref=data["transaction_ref"],
                        language=request_language(),
                        attachments=tuple(uploads_from(data["attachments"])),
                    )
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
                        "Thank you. We have received your request %(reference)s and will reply "
                        "here and by email."
                    )
                    % {"reference": result.ticket.reference},
                )
                return redirect("portal:ticket", ticket_id=result.ticket.pk)
    else:
        wanted = request.GET.get("problem_type", "")
        initial = {"problem_type": wanted} if wanted in ProblemType.values else {}
        form = ContactForm(initial=initial, **picker)
    return render_portal(
        request,
        "portal/contact.html",
        {"form": form, "money_problems": " ".join(sorted(MONEY_PROBLEMS))},
        status=status,
    )
