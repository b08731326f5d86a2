"""The customer's requests: the list, one conversation, and replying to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.tickets import selectors
from walletdesk.tickets.choices import Channel, Status
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.forms import ReplyForm, add_validation_error, uploads_from
from walletdesk.web.portal.rendering import is_htmx, render_portal
from walletdesk.web.portal.transactions import transaction_text

TICKETS_PER_PAGE = 20


@require_safe
@portal_login_required
def ticket_list(request: HttpRequest, customer: Customer) -> HttpResponse:
    tickets = selectors.tickets_for_customer(customer=customer)
    page = Paginator(tickets, TICKETS_PER_PAGE).get_page(request.GET.get("page"))
    # htmx asks for the list alone when the live socket says one of the tickets changed.
    template = "portal/_ticket_list.html" if is_htmx(request) else "portal/tickets.html"
    return render_portal(request, template, {"page": page})


def _conversation(ticket: Ticket, form: ReplyForm) -> dict[str, Any]:
    return {
        "ticket": ticket,
        "messages_list": selectors.thread(ticket=ticket, include_internal=False),
        "form": form,
        "is_closed": ticket.status == Status.CLOSED,
        "transaction_text": transaction_text(ticket=ticket),
    }


@require_safe
@portal_login_required
def ticket_detail(request: HttpRequest, customer: Customer, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_for_customer(customer=customer, ticket_id=ticket_id)
    return render_portal(request, "portal/ticket.html", _conversation(ticket, ReplyForm()))


@require_safe
@portal_login_required
def ticket_thread(request: HttpRequest, customer: Customer, ticket_id: int) -> HttpResponse:
    """The thread and the header alone, re-fetched when the live socket says the ticket changed.
    The reply box is left alone, so a half-written reply survives."""
    ticket = selectors.ticket_for_customer(customer=customer, ticket_id=ticket_id)
    return render_portal(request, "portal/_thread_update.html", _conversation(ticket, ReplyForm()))


@require_POST
@portal_login_required
def ticket_reply(request: HttpRequest, customer: Customer, ticket_id: int) -> HttpResponse:
    """Add the customer's reply. With htmx the conversation is swapped in place; without, the
    browser comes back to the ticket page (post/redirect/get)."""
    ticket = selectors.ticket_for_customer(customer=customer, ticket_id=ticket_id)
    form = ReplyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            inbound_receive(
                InboundMessage(
                    channel=Channel.PORTAL,
                    sender=Sender.signed_in(customer),
                    ticket_id=ticket.pk,
                    text=form.cleaned_data["body"],
                    attachments=tuple(uploads_from(form.cleaned_data["attachments"])),
                )
            )
        except ValidationFailed as error:
            add_validation_error(form, error)
        except Conflict as error:
            form.add_error(None, str(error.message))
            status = error.status
        else:
            if not is_htmx(request):
                messages.success(request, _("Your reply has been sent."))
                return redirect("portal:ticket", ticket_id=ticket.pk)
            form, status = ReplyForm(), 200
        # Whatever happened, show the ticket as it is now (a reply may have reopened it).
        ticket = selectors.ticket_for_customer(customer=customer, ticket_id=ticket_id)
    template = "portal/_conversation.html" if is_htmx(request) else "portal/ticket.html"
    return render_portal(request, template, _conversation(ticket, form), status=status)
