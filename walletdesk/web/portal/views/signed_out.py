"""Help for the signed-out: a request opened with an email address or phone number.

The request is stored at once, through the one way in (`inbound_receive`), with its requester
unverified: agents see a contact, never account data. A code goes to the address if it is
registered (`code_send_later`: the same work and the same pages either way); the code proves
who asked and marks the request verified. Before that nothing about any account is shown or
changed, and an unknown address gets exactly the same pages (its request stays contact-only).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import SIGNED_OUT_HELP_CLIENT, RateLimited
from walletdesk.security.codes import CodeInvalid, code_check, code_send_later
from walletdesk.security.models import CodePurpose
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.services import ticket_requester_confirm
from walletdesk.web.clients import client_of
from walletdesk.web.portal.recovery_forms import CodeForm, HelpForm
from walletdesk.web.portal.rendering import domain_errors_as_pages, render_portal, request_language

_PENDING = "signed_out_help"
PENDING_SECONDS = 30 * 60


def _page(
    request: HttpRequest, template: str, context: dict[str, object], status: int
) -> HttpResponse:
    response = render_portal(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


@domain_errors_as_pages
def signed_out_help(request: HttpRequest) -> HttpResponse:
    """`/contact/` for someone not signed in."""
    wanted = request.GET.get("problem_type", "")
    initial = {"problem_type": wanted} if wanted in ProblemType.values else {}
    form = HelpForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            identifier: str = data["identifier"]
            client = client_of(request)
            try:
                SIGNED_OUT_HELP_CLIENT.hit(client.rate_key)
                sender = Sender.email(identifier) if "@" in identifier else Sender.phone(identifier)
                result = inbound_receive(
                    InboundMessage(
                        channel=Channel.PORTAL,
                        sender=sender,
                        problem_type=data["problem_type"],
                        text=data["body"],
                        language=request_language(),
                    )
                )
                challenge = code_send_later(
                    purpose=CodePurpose.SIGN_IN_HELP, identifier=identifier, client=client
                )
            except ValidationFailed as error:
                form.add_error("body", str(error.message))
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                request.portal_session[_PENDING] = {  # type: ignore[attr-defined]
                    "token": challenge.token,
                    "ticket": result.ticket.pk,
                    "destination": challenge.destination,
                    "at": time.time(),
                }
                return redirect("portal:help-verify")
    return _page(request, "portal/help_signed_out.html", {"form": form}, status)


@domain_errors_as_pages
@require_http_methods(["GET", "HEAD", "POST"])
def help_verify(request: HttpRequest) -> HttpResponse:
    session = request.portal_session  # type: ignore[attr-defined]
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return redirect("portal:contact")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                customer = code_check(
                    purpose=CodePurpose.SIGN_IN_HELP,
                    token=str(pending.get("token") or ""),
                    code=form.cleaned_data["code"],
                    client=client_of(request),
                )
            except (CodeInvalid, RateLimited) as error:
                form.add_error("code", str(error.message))
                status = getattr(error, "status", 400)
            else:
                ticket = ticket_requester_confirm(
                    ticket_id=int(pending["ticket"]), customer=customer
                )
                session.pop(_PENDING, None)
                if ticket is not None:
                    messages.success(
                        request,
                        _(
                            "Thank you, that proves it is you. Your request %(reference)s is "
                            "confirmed and we will answer at your registered address."
                        )
                        % {"reference": ticket.reference},
                    )
                else:
                    messages.success(request, _("Thank you, that proves it is you."))
                return redirect("portal:login")
    return _page(request, "portal/help_verify.html", {"form": form, "pending": pending}, status)
