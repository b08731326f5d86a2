"""Where an intake goes next, for the portal's views: straight to a person, to the diagnosis of
the transaction the customer picked, or to the page where they confirm which one they mean.

Every step ends in a redirect (post/redirect/get), and every step is safe to repeat: the
services return the ticket already opened, and the pages send a request that moved on to
where it is now.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from walletdesk.identity.models import Customer
from walletdesk.intake.answers import IntakeAnswers
from walletdesk.intake.definitions import FieldKind, IntakeDefinition, definition_for
from walletdesk.intake.diagnosis.contracts import Diagnosis, Outcome
from walletdesk.intake.handover import intake_confirm, intake_handover
from walletdesk.intake.models import IntakeRequest
from walletdesk.intake.stored import diagnosis_from_json
from walletdesk.intake.texts import stored_criteria
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import Channel
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.portal.intake_memory import criteria_keep


def own_request(customer: Customer, request_id: int) -> IntakeRequest:
    """The customer's own intake request; any other id is simply not found."""
    found = (
        IntakeRequest.objects.select_related("customer", "ticket")
        .filter(pk=request_id, customer=customer)
        .first()
    )
    if found is None:
        raise Http404
    return found


IntakeStep = Callable[[HttpRequest, Customer, IntakeRequest], HttpResponseBase]


def open_request(
    view: IntakeStep,
) -> Callable[[HttpRequest, Customer, int], HttpResponseBase]:
    """A later step of the customer's own request (404 for any other id); a request that
    already has a ticket is shown there instead of the step."""

    @functools.wraps(view)
    def step(request: HttpRequest, customer: Customer, request_id: int) -> HttpResponseBase:
        intake = own_request(customer, request_id)
        moved_on = where_now(intake)
        if moved_on is not None:
            return moved_on
        return view(request, customer, intake)

    return step


def field_name(definition: IntakeDefinition, kind: FieldKind) -> str:
    """The name the definition gives its field of this kind ("" when it has none)."""
    return next((f.name for f in definition.fields if f.kind == kind), "")


def after_start(
    request: HttpRequest,
    intake: IntakeRequest,
    answers: IntakeAnswers,
    *,
    uploads: Sequence[Upload] = (),
) -> HttpResponseRedirect:
    """The first step after the form: a person, the diagnosis, or the confirm page."""
    definition = definition_for(intake.problem_type)
    if not definition.diagnosable or not intake.customer.wallet_account_ref:
        return handover(request, intake, uploads=uploads)
    picked = answers.text(field_name(definition, FieldKind.TRANSACTION))
    if picked:
        intake_confirm(intake, transaction_ref=picked)
        return redirect("portal:intake", request_id=intake.pk)
    criteria = stored_criteria(answers, intake.answers or {})
    if criteria is not None:
        criteria_keep(request, intake.pk, criteria)
    return redirect("portal:intake-transaction", request_id=intake.pk)


def resume(request: HttpRequest, intake: IntakeRequest) -> HttpResponseRedirect:
    """Go on from wherever this request is: the ticket, the diagnosis, the confirm page, or
    the person it was on its way to when something stopped it."""
    moved_on = where_now(intake)
    if moved_on is not None:
        return moved_on
    definition = definition_for(intake.problem_type)
    if not definition.diagnosable or not intake.customer.wallet_account_ref:
        return handover(request, intake)
    if intake.diagnosis is not None or intake.resolved_at is not None:
        return redirect("portal:intake", request_id=intake.pk)
    return redirect("portal:intake-transaction", request_id=intake.pk)


def where_now(intake: IntakeRequest) -> HttpResponseRedirect | None:
    """A request that already moved on is shown where it is: the ticket, the diagnosis."""
    if intake.ticket_id is not None:
        return redirect("portal:ticket", ticket_id=intake.ticket_id)
    return None


def deposit_facts(intake: IntakeRequest) -> tuple[str, str, str] | None:
    """(network, address, tx hash) of coins the customer says they sent, when they gave a
    network and at least the hash or the address; None otherwise."""
    definition = definition_for(intake.problem_type)
    answers = intake.answers or {}
    network, address, tx_hash = (
        str(answers.get(field_name(definition, kind), "") or "").strip()
        for kind in (FieldKind.NETWORK, FieldKind.ADDRESS, FieldKind.TX_HASH)
    )
    if network and (address or tx_hash):
        return network, address, tx_hash
    return None


def stored_diagnosis(intake: IntakeRequest) -> Diagnosis | None:
    """The diagnosis this request holds — the one the team gets if it goes to a person — with
    its transaction as the wallet shows it now; None before there is one."""
    transaction = None
    if intake.transaction_ref:
        try:
            transaction = get_gateway().get_transaction(
                intake.customer.wallet_account_ref, intake.transaction_ref
            )
        except WalletError:
            transaction = None  # the words then go without the amount, the page still shows
    return diagnosis_from_json(intake.diagnosis, transaction=transaction)


def handover(
    request: HttpRequest, intake: IntakeRequest, *, uploads: Sequence[Upload] = ()
) -> HttpResponseRedirect:
    """Open (or find) the ticket and show it. Files the customer sent along are added to it
    once, by the call that handed this request over (opening a ticket or joining an open
    one); a repeated call stores no message, so it adds no files."""
    result = intake_handover(intake)
    if uploads and result.message_created:
        inbound_receive(
            InboundMessage(
                channel=Channel.PORTAL,
                sender=Sender.signed_in(intake.customer),
                ticket_id=result.ticket.pk,
                attachments=tuple(uploads),
            )
        )
    reference = result.ticket.reference
    if intake.diagnosis is None:
        text = _(
            "Thank you. We have received your request %(reference)s and will reply "
            "here and by email."
        )
    elif intake.outcome == Outcome.NEEDS_PERSON:
        text = _(
            "Your request %(reference)s is with our payments team. They already have the "
            "transaction and what we found, so you won't need to repeat anything."
        )
    else:
        text = _(
            "Your request %(reference)s is with our team. They already have your answers and "
            "what we found, so you won't need to repeat anything."
        )
    messages.success(request, text % {"reference": reference})
    return redirect("portal:ticket", ticket_id=result.ticket.pk)
