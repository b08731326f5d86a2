"""The intake's later steps: confirm which transaction it is, read the diagnosis, then say it is
solved or hand it to a person. Every page is the customer's own request only (404 otherwise),
every POST ends in a redirect, and repeating a POST lands where the first one did."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.intake.diagnosis.contracts import Outcome
from walletdesk.intake.diagnosis.words import customer_explanation, estimate_words
from walletdesk.intake.handover import intake_confirm, intake_confirm_deposit, intake_resolve
from walletdesk.intake.matching import candidates_find
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.attachments import Upload, check_uploads
from walletdesk.wallet.contracts import PaymentMethodInfo
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.forms import AttachmentsForm, uploads_from
from walletdesk.web.portal.intake_flow import (
    deposit_facts,
    handover,
    open_request,
    own_request,
    stored_diagnosis,
)
from walletdesk.web.portal.intake_memory import criteria_recall
from walletdesk.web.portal.intake_text import (
    CandidateRow,
    action_link,
    candidate_row,
    candidate_rows,
    check_rows,
    expected_text,
)
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.transactions import picker_choices
from walletdesk.web.portal.wallet_text import methods_by_ref, transaction_line

NONE_OF_THESE = "none"


def _methods(account_ref: str) -> dict[str, PaymentMethodInfo]:
    """The customer's cards and accounts by ref, to name how a transaction was paid; none
    when the wallet cannot say (the lines then name the counterparty)."""
    try:
        return methods_by_ref(get_gateway().list_payment_methods(account_ref))
    except WalletError:
        return {}


def _candidates(request: HttpRequest, intake: IntakeRequest) -> tuple[list[CandidateRow], bool]:
    """The transactions the answers point at, best first, with the reasons (and True); when
    there is no search to run (no time given, another browser) or it finds nothing, the
    customer's recent transactions (and False)."""
    account_ref = intake.customer.wallet_account_ref
    criteria = criteria_recall(request, intake.pk)
    methods = _methods(account_ref)
    try:
        found = candidates_find(account_ref, criteria) if criteria is not None else []
    except WalletError:
        found = []
    if found:
        return candidate_rows(found, methods), True
    recent = picker_choices(intake.customer)["transactions"]
    return [candidate_row(tx, methods) for tx in recent], False


@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@open_request
def transaction_confirm(
    request: HttpRequest, customer: Customer, intake: IntakeRequest
) -> HttpResponse:
    if intake.diagnosis is not None:
        return redirect("portal:intake", request_id=intake.pk)
    error = ""
    if request.method == "POST":
        choice = request.POST.get("transaction", "")
        if choice == NONE_OF_THESE:
            return _none_of_these(request, intake)
        if choice:
            intake_confirm(intake, transaction_ref=choice)
            return redirect("portal:intake", request_id=intake.pk)
        error = _("Choose the transaction you mean, or “None of these”.")
    candidates, matched = _candidates(request, intake)
    return render_portal(
        request,
        "portal/intake_transaction.html",
        {
            "intake": intake,
            "candidates": candidates,
            "matched": matched,
            "coins": deposit_facts(intake) is not None,
            "none_value": NONE_OF_THESE,
            "error": error,
        },
        status=400 if error else 200,
    )


def _none_of_these(request: HttpRequest, intake: IntakeRequest) -> HttpResponse:
    """Coins that match no deposit of theirs are checked against their deposit addresses and
    the finding shown; anything else goes to a person without a transaction."""
    facts = deposit_facts(intake)
    if facts is None:
        return handover(request, intake)
    network, address, tx_hash = facts
    intake_confirm_deposit(intake, network=network, address=address, tx_hash=tx_hash)
    return redirect("portal:intake", request_id=intake.pk)


@require_safe
@portal_login_required
@open_request
def diagnosis(request: HttpRequest, customer: Customer, intake: IntakeRequest) -> HttpResponse:
    if intake.resolved_at is not None:
        return render_portal(request, "portal/intake_resolved.html", {"intake": intake})
    found = stored_diagnosis(intake)
    if found is None:
        return redirect("portal:intake-transaction", request_id=intake.pk)
    transaction = ""
    if found.transaction is not None:
        transaction = transaction_line(found.transaction, _methods(customer.wallet_account_ref))
    return render_portal(
        request,
        "portal/intake_diagnosis.html",
        {
            "intake": intake,
            "diagnosis": found,
            "explanation": customer_explanation(found),
            "checks": check_rows(found.checks),
            "action": action_link(found.action),
            "expected": expected_text(found.expected_by, now=clock.now())
            if found.outcome == Outcome.WAIT and found.expected_by is not None
            else "",
            "estimate": estimate_words(found),
            "needs_person": found.outcome == Outcome.NEEDS_PERSON,
            "transaction": transaction,
            "files": AttachmentsForm(),
        },
    )


@require_POST
@portal_login_required
@open_request
def recheck(request: HttpRequest, customer: Customer, intake: IntakeRequest) -> HttpResponseBase:
    """A wait the customer comes back to: look at the transaction again, as it is now."""
    if intake.transaction_ref and intake.resolved_at is None:
        intake_confirm(intake, transaction_ref=intake.transaction_ref)
    return redirect("portal:intake", request_id=intake.pk)


@require_POST
@portal_login_required
@open_request
def resolve(request: HttpRequest, customer: Customer, intake: IntakeRequest) -> HttpResponseBase:
    intake_resolve(intake)
    return redirect("portal:intake", request_id=intake.pk)


@require_POST
@portal_login_required
def hand_over(request: HttpRequest, customer: Customer, request_id: int) -> HttpResponseBase:
    intake = own_request(customer, request_id)
    files = AttachmentsForm(request.POST, request.FILES)
    problems: list[str] = []
    uploads: list[Upload] = []
    if files.is_valid():
        uploads = uploads_from(files.cleaned_data["attachments"])
        try:
            check_uploads(uploads)
        except ValidationFailed as error:
            problems.append(str(error.message))
    else:
        problems.extend(str(problem) for problem in files.errors.get("attachments", []))
    if problems and intake.ticket_id is None:
        for problem in problems:
            messages.error(request, problem)
        return redirect("portal:intake", request_id=intake.pk)
    return handover(request, intake, uploads=uploads)
