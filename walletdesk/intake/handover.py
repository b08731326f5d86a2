"""The intake's steps as services: start, confirm a transaction, resolve, or hand over to a person.

Every channel (portal now; chat, email and the phone menu later) walks the same steps, so the
ticket a person finally opens already holds the answers, the transaction and the diagnosis.
The finding itself is not copied into the thread: the console reads it from the latest of
`ticket.intake_requests` (a second report may join an open ticket),
so there is one record of it and it is drawn in the reading agent's language.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.core import clock
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.core.ratelimit import INTAKE_STARTS
from walletdesk.identity.models import Customer, TeamCode
from walletdesk.intake.answers import IntakeAnswers
from walletdesk.intake.diagnosis.contracts import Diagnosis, Outcome
from walletdesk.intake.diagnosis.service import deposit_diagnose, transaction_diagnose
from walletdesk.intake.diagnosis.words import SERVICE_ZONE
from walletdesk.intake.models import IntakeRequest
from walletdesk.intake.texts import (
    ARTICLES,
    STEPS_TRIED,
    WHAT_HAPPENED,
    articles_of,
    redacted_answers,
)
from walletdesk.safety.redaction import Finding
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.inbound import InboundMessage, InboundResult, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import MAX_STEPS_TRIED_CHARS
from walletdesk.vocab.choices import MONEY_PROBLEMS, Channel, Language, ProblemType
from walletdesk.wallet.errors import TransactionNotFound, WalletError
from walletdesk.wallet.gateway import get_gateway


def intake_start(
    *,
    customer: Customer,
    answers: IntakeAnswers,
    channel: str,
    language: str,
    submission_key: str = "",
) -> IntakeRequest:
    """Store what the customer said (free text redacted first); `RateLimited` once the
    customer started `INTAKE_STARTS` requests in its window. With a `submission_key` (the
    form's one-time token) a second start of the same form returns the first request."""
    request, _findings = intake_start_checked(
        customer=customer,
        answers=answers,
        channel=channel,
        language=language,
        submission_key=submission_key,
    )
    return request


def intake_start_checked(
    *,
    customer: Customer,
    answers: IntakeAnswers,
    channel: str,
    language: str,
    submission_key: str = "",
) -> tuple[IntakeRequest, tuple[Finding, ...]]:
    """`intake_start`, also saying what the redactor took out, so a channel can warn the
    customer not to send card numbers or codes."""
    problems: dict[str, list[str]] = {}
    if channel not in Channel.values:
        problems["channel"] = [_("Unknown channel.")]
    if answers.problem_type not in ProblemType.values:
        problems["problem_type"] = [_("Unknown problem type.")]
    if language not in Language.values:
        problems["language"] = [_("Unknown language.")]
    if problems:
        raise ValidationFailed(fields=problems)
    earlier = _started(customer, submission_key)
    if earlier is not None:
        return earlier, ()
    INTAKE_STARTS.hit(f"customer:{customer.pk}")  # RateLimited: nothing is stored
    stored, findings = redacted_answers(answers)
    now = clock.now()
    try:
        with transaction.atomic():
            request = IntakeRequest.objects.create(
                customer=customer,
                channel=channel,
                problem_type=answers.problem_type,
                language=language,
                answers=stored,
                submission_key=submission_key,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        # The same form, started at the same moment by another request: that one's row.
        earlier = _started(customer, submission_key)
        if earlier is None:
            raise
        return earlier, ()
    return request, findings


def _started(customer: Customer, submission_key: str) -> IntakeRequest | None:
    if not submission_key:
        return None
    return IntakeRequest.objects.filter(customer=customer, submission_key=submission_key).first()


def intake_confirm(request: IntakeRequest, *, transaction_ref: str) -> Diagnosis:
    """The customer says which transaction they mean: diagnose it and keep the diagnosis.
    Only the customer's own transactions (`TransactionNotFound` otherwise)."""
    account_ref = request.customer.wallet_account_ref
    if not account_ref or not transaction_ref:
        raise TransactionNotFound()
    # Ownership first, through the gateway: another account's reference reads as unknown.
    get_gateway().get_transaction(account_ref, transaction_ref)
    diagnosis = transaction_diagnose(account_ref, transaction_ref)
    _keep(request, transaction_ref=transaction_ref, diagnosis=diagnosis)
    return diagnosis


def _keep(request: IntakeRequest, *, transaction_ref: str, diagnosis: Diagnosis) -> None:
    """Store a diagnosis on a request no person has yet (a later look replaces an earlier)."""
    with transaction.atomic():
        locked = _locked(request)
        if locked.ticket_id is not None:
            raise Conflict(_("This request is already with our team."))
        locked.transaction_ref = transaction_ref
        locked.diagnosis = diagnosis.as_json()
        locked.outcome = diagnosis.outcome.value
        locked.cause = diagnosis.cause
        locked.updated_at = clock.now()
        locked.save(
            update_fields=["transaction_ref", "diagnosis", "outcome", "cause", "updated_at"]
        )
    _copy(locked, request)


def intake_confirm_deposit(
    request: IntakeRequest, *, network: str, address: str, tx_hash: str
) -> Diagnosis:
    """Coins the customer sent that match no deposit of theirs ("none of these"): diagnose
    the transfer against the customer's own deposit addresses and keep that diagnosis, so the
    ticket (payments, when a person must look) carries it without a transaction."""
    account_ref = request.customer.wallet_account_ref
    if not account_ref:
        raise TransactionNotFound()
    diagnosis = deposit_diagnose(account_ref, network=network, address=address, tx_hash=tx_hash)
    _keep(
        request,
        transaction_ref=diagnosis.transaction.ref if diagnosis.transaction else "",
        diagnosis=diagnosis,
    )
    return diagnosis


def intake_resolve(request: IntakeRequest) -> None:
    """The customer says self-service solved it: no ticket."""
    with transaction.atomic():
        locked = _locked(request)
        if locked.ticket_id is not None:
            raise Conflict(_("This request is already with our team."))
        if locked.resolved_at is None:
            locked.resolved_at = locked.updated_at = clock.now()
            locked.save(update_fields=["resolved_at", "updated_at"])
    _copy(locked, request)


def intake_handover(request: IntakeRequest) -> InboundResult:
    """Open (once: a second call returns the same ticket) the ticket that carries the answers,
    the transaction and the diagnosis; money problems a person must finish go to the payments
    team."""
    # The row lock makes a double click wait for the first click's ticket, then return it.
    with transaction.atomic():
        locked = _locked(request)
        if locked.ticket_id is not None:
            ticket = Ticket.objects.get(pk=locked.ticket_id)
            first = ticket.messages.filter(kind=MessageKind.REPLY).order_by("id").first()
            assert first is not None  # noqa: S101 - every ticket opens with its first message
            result = InboundResult(ticket, first, False, False)
        else:
            result = inbound_receive(handover_message(locked))
            locked.ticket = result.ticket
            # Still needing a person after all is not a request self-service solved.
            locked.resolved_at = None
            locked.updated_at = clock.now()
            locked.save(update_fields=["ticket", "resolved_at", "updated_at"])
    _copy(locked, request)
    request.ticket = result.ticket
    return result


def handover_message(request: IntakeRequest) -> InboundMessage:
    """The ticket's first message: "what happened" first, then what was tried and read."""
    answers = request.answers or {}
    with translation.override(request.language):
        subject = handover_subject(request)
        tried = str(answers.get(STEPS_TRIED, "")).strip()
        articles = articles_of(answers.get(ARTICLES, ""))
        if articles:
            read = _("Help articles read: %(articles)s") % {"articles": ", ".join(articles)}
            tried = f"{tried}\n\n{read}" if tried else read
        if len(tried) > MAX_STEPS_TRIED_CHARS:
            # Both answers at their longest exceed what a ticket keeps: cut, never refuse.
            tried = tried[: MAX_STEPS_TRIED_CHARS - 1] + "…"
        body = str(answers.get(WHAT_HAPPENED, "")).strip() or subject
    return InboundMessage(
        channel=request.channel,
        sender=Sender.signed_in(request.customer),
        problem_type=request.problem_type,
        subject=subject,
        text=body,
        steps_tried=tried,
        transaction_ref=request.transaction_ref,
        language=request.language,
        team=handover_team(request),
    )


def handover_subject(request: IntakeRequest) -> str:
    """The problem type, and the transaction when one was confirmed, in the active language."""
    problem = str(ProblemType(request.problem_type).label)
    if not request.transaction_ref:
        return problem
    # The customer reads the subject in "my requests": the transaction in their words (its
    # amount and day), never the wallet's internal reference.
    try:
        tx = get_gateway().get_transaction(
            request.customer.wallet_account_ref, request.transaction_ref
        )
    except WalletError:
        return problem
    return _("%(problem)s: %(amount)s on %(day)s") % {
        "problem": problem,
        "amount": tx.amount,
        "day": tx.created_at.astimezone(SERVICE_ZONE).date().isoformat(),
    }


def handover_team(request: IntakeRequest) -> str:
    """Payments finishes a money problem the diagnosis could not settle; otherwise the problem
    type's default team (empty)."""
    if request.outcome == Outcome.NEEDS_PERSON and request.problem_type in MONEY_PROBLEMS:
        return TeamCode.PAYMENTS.value
    return ""


def _locked(request: IntakeRequest) -> IntakeRequest:
    """The row, locked, as it is after any other holder of the lock committed. Joined rows
    are not re-read after waiting for a lock (PostgreSQL re-reads only the locked row), so
    the ticket is read by its id, never joined here."""
    return IntakeRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)


def _copy(source: IntakeRequest, target: IntakeRequest) -> None:
    """The caller's instance reflects what was stored."""
    for name in (
        "transaction_ref",
        "diagnosis",
        "outcome",
        "cause",
        "ticket_id",
        "resolved_at",
        "updated_at",
    ):
        setattr(target, name, getattr(source, name))
