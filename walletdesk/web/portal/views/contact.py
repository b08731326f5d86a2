"""Contact support: signed in, pick what it is about, then answer exactly what the team needs
for that problem type (its intake definition). Signed out: help for those who cannot sign in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_http_methods

from walletdesk.assistant.services import assistant_classify
from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.intake.definitions import FieldKind, IntakeDefinition, definition_for
from walletdesk.intake.handover import intake_start
from walletdesk.tickets.attachments import check_uploads
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.wallet.contracts import Asset
from walletdesk.web.portal.assistant_links import flow_labels, suggestion
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.forms import AttachmentsForm, add_validation_error, uploads_from
from walletdesk.web.portal.intake_flow import after_start, field_name, own_request, resume
from walletdesk.web.portal.intake_form import intake_form_class
from walletdesk.web.portal.intake_memory import (
    submission_keep,
    submission_seen,
    submission_token,
)
from walletdesk.web.portal.intake_text import picker_topics
from walletdesk.web.portal.rendering import render_portal, request_language
from walletdesk.web.portal.transactions import picker_choices
from walletdesk.web.portal.views.signed_out import signed_out_help

DESCRIBE_MAX = 2000  # what the assistant reads (the API's limit too)
CRYPTO_ASSETS = (Asset.USDT.value, Asset.BTC.value)


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponseBase:
    """Signed in: the topic picker, or the intake of the chosen topic. Signed out: help for
    those who cannot sign in."""
    if portal_customer(request) is None:
        return signed_out_help(request)
    return _contact_signed_in(request)


@portal_login_required
def _contact_signed_in(request: HttpRequest, customer: Customer) -> HttpResponse:
    problem_type = request.GET.get("problem_type", "")
    if problem_type not in ProblemType.values:
        return _picker(request)
    return _intake(request, customer, definition_for(problem_type))


def _picker(request: HttpRequest) -> HttpResponse:
    """The topics, and the "describe it in your own words" box: without JavaScript its GET
    brings the assistant's suggestion here; with it, portal-assistant.js asks the API."""
    described = request.GET.get("describe", "").strip()[:DESCRIBE_MAX]
    guess = assistant_classify(described, language=request_language()) if described else None
    return render_portal(
        request,
        "portal/contact_picker.html",
        {
            "topics": picker_topics(),
            "described": described,
            "describe_max": DESCRIBE_MAX,
            "suggestion": suggestion(guess) if guess else None,
            "flow_labels": sorted(flow_labels().items()),
        },
        status=400 if request.method == "POST" else 200,
    )


def _intake(request: HttpRequest, customer: Customer, definition: IntakeDefinition) -> HttpResponse:
    form_class = intake_form_class(definition, signed_in=True, **picker_choices(customer))
    if request.method != "POST":
        return _page(request, definition, form_class(), AttachmentsForm(), submission_token())
    token = request.POST.get("submission", "")
    earlier = submission_seen(request, token)
    if earlier is not None:  # the same form sent twice: go on from the first one
        return resume(request, own_request(customer, earlier))
    form, files = form_class(request.POST), AttachmentsForm(request.POST, request.FILES)
    status = 400
    if all([form.is_valid(), files.is_valid()]):
        try:
            uploads = uploads_from(files.cleaned_data["attachments"])
            check_uploads(uploads)  # before anything is stored: a refused file stops it all
        except ValidationFailed as error:
            files.add_error("attachments", str(error.message))
        else:
            answers = form.answers
            assert answers is not None  # noqa: S101 - a valid intake form holds its answers
            try:
                intake = intake_start(
                    customer=customer,
                    answers=answers,
                    channel=Channel.PORTAL,
                    language=request_language(),
                    submission_key=token[:64],
                )
                submission_keep(request, token, intake.pk)
                if intake.ticket_id is not None:  # the same form, already with a person
                    return resume(request, intake)
                # Safe to repeat for a request another POST of this form just started: the
                # row lock hands it over once, and its files are added once.
                return after_start(request, intake, answers, uploads=uploads)
            except ValidationFailed as error:
                add_validation_error(form, error)
            except RateLimited as error:
                form.add_error(None, str(error.message))
                status = error.status
    return _page(request, definition, form, files, token, status=status)


def _blocks(definition: IntakeDefinition, form: forms.Form) -> list[dict[str, Any]]:
    """The form's fields in the definition's order, the digital-asset ones grouped so the page
    can show them only when the currency is one (and shows them all without JavaScript)."""
    blocks: list[dict[str, Any]] = []
    for field in definition.fields_for(signed_in=True):
        if field.name not in form.fields:
            continue
        crypto = field.crypto_only
        if not blocks or blocks[-1]["crypto"] != crypto:
            blocks.append({"crypto": crypto, "fields": []})
        blocks[-1]["fields"].append(form[field.name])
    return blocks


def _page(
    request: HttpRequest,
    definition: IntakeDefinition,
    form: forms.Form,
    files: AttachmentsForm,
    token: str,
    *,
    status: int = 200,
) -> HttpResponse:
    return render_portal(
        request,
        "portal/contact.html",
        {
            "definition": definition,
            "problem_type": definition.problem_type,
            "problem_label": ProblemType(definition.problem_type).label,
            "form": form,
            "blocks": _blocks(definition, form),
            # Diagnosed requests take files at the step where they go to a person.
            "files": None if definition.diagnosable else files,
            "submission": token,
            "crypto_assets": " ".join(CRYPTO_ASSETS),
            "currency_field": field_name(definition, FieldKind.CURRENCY),
        },
        status=status,
    )
