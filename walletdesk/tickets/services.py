"""Writes to tickets. Web, API, realtime consumers, tasks and commands call these; nothing else
writes ticket rows. Each function is one transaction; side effects (realtime nudges, emails) run
only after it commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from walletdesk.identity.models import Customer, Language, Team, TeamCode, User
from walletdesk.tickets import delivery
from walletdesk.tickets.attachments import Upload, check_uploads
from walletdesk.tickets.choices import (
    TRANSITIONS,
    AuthorKind,
    Channel,
    MessageKind,
    Priority,
    ProblemType,
    Status,
)
from walletdesk.tickets.events import publish_ticket_event
from walletdesk.tickets.models import Attachment, Message, Ticket, TicketEvent
from walletdesk.tickets.permissions import can_view_ticket

# Until routing rules exist, the problem type alone picks the first team and the priority.
_SECURITY_PROBLEMS = {
    ProblemType.ACCOUNT_STOLEN,
    ProblemType.ACCOUNT_FROZEN,
    ProblemType.PHISHING_REPORT,
}
MAX_BODY_CHARS = 20_000
MAX_STEPS_TRIED_CHARS = 5_000


def default_team_code(problem_type: str) -> str:
    return TeamCode.SECURITY if problem_type in _SECURITY_PROBLEMS else TeamCode.FRONTLINE


def default_priority(problem_type: str) -> int:
    return Priority.CRITICAL if problem_type == ProblemType.ACCOUNT_STOLEN else Priority.NORMAL


@dataclass(frozen=True)
class Author:
    """Who writes: exactly one of a console user, a customer, or the system/assistant."""

    user: User | None = None
    customer: Customer | None = None
    kind: str = ""

    @property
    def author_kind(self) -> str:
        if self.user is not None:
            return AuthorKind.AGENT
        if self.customer is not None:
            return AuthorKind.CUSTOMER
        return self.kind or AuthorKind.SYSTEM


def _record(ticket: Ticket, author: Author, field: str, old: object, new: object) -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        actor_user=author.user,
        actor_customer=author.customer,
        field=field,
        old_value="" if old is None else str(old)[:255],
        new_value="" if new is None else str(new)[:255],
    )


def _clean_text(value: str, *, field: str, required: bool, limit: int) -> str:
    text = value.replace("\x00", "").strip()
    if required and not text:
        raise ValidationFailed(fields={field: [str(_("This field is required."))]})
    if len(text) > limit:
        raise ValidationFailed(
            fields={
                field: [str(_("Keep this to at most %(limit)d characters.") % {"limit": limit})]
            }
        )
    return text


@dataclass(frozen=True)
class Provenance:
    """Where a stored message came from: its id in the outside world (unique per `scope`,
    a digest of the sender), when the channel says it was sent, whether the sender's identity
    was verified, and the agent who wrote a customer's words down."""

    external_id: str | None = None
    scope: str = ""
    sent_at: datetime | None = None
    verified: bool = True
    recorded_by: User | None = None


@transaction.atomic
def ticket_create(
    *,
    channel: str,
    subject: str,
    body: str,
    problem_type: str = ProblemType.OTHER,
    requester: Customer | None = None,
    contact: str = "",
    language: str | None = None,
    steps_tried: str = "",
    priority: int | None = None,
    transaction_ref: str = "",
    team_code: str | None = None,
    created_by: User | None = None,
    note: str = "",
    uploads: Sequence[Upload] = (),
    provenance: Provenance = Provenance(),
) -> Ticket:
    """Open a ticket with its first message, the requester's words. `created_by` is an agent
    opening it on a customer's behalf (phone, walk-in): the first message is still the
    customer's, marked as recorded by that agent, and the agent's own remarks (`note`) become
    an internal note. `team_code` starts the ticket with that team instead of the problem
    type's default (the intake routes a money problem a person must finish to payments).
    Channels go through `tickets.inbound.inbound_receive`, which finds the
    conversation a message belongs to before calling this."""
    if channel not in Channel.values:
        raise ValidationFailed(fields={"channel": [str(_("Unknown channel."))]})
    if problem_type not in ProblemType.values:
        raise ValidationFailed(fields={"problem_type": [str(_("Unknown problem type."))]})
    if requester is None and not contact.strip():
        raise ValidationFailed(fields={"requester": [str(_("Say who the ticket is for."))]})
    if priority is not None and priority not in Priority.values:
        raise ValidationFailed(fields={"priority": [str(_("Unknown priority."))]})
    if language is None:
        language = requester.preferred_language if requester else Language.ZH_HANS
    if language not in Language.values:
        raise ValidationFailed(fields={"language": [str(_("Unknown language."))]})
    if team_code is not None and team_code not in TeamCode.values:
        raise ValidationFailed(fields={"team": [str(_("Unknown team."))]})
    now = clock.now()
    ticket = Ticket.objects.create(
        subject=_clean_text(subject, field="subject", required=True, limit=200),
        steps_tried=_clean_text(
            steps_tried, field="steps_tried", required=False, limit=MAX_STEPS_TRIED_CHARS
        ),
        channel=channel,
        problem_type=problem_type,
        priority=priority if priority is not None else default_priority(problem_type),
        language=language,
        requester=requester,
        requester_verified=provenance.verified,
        contact=contact.strip()[:254],
        team=Team.objects.get_or_create(code=team_code or default_team_code(problem_type))[0],
        transaction_ref=transaction_ref.strip()[:64],
        created_at=now,
        updated_at=now,
    )
    customer_words = Author(customer=requester, kind=AuthorKind.CUSTOMER)
    opened_by = Author(user=created_by) if created_by else customer_words
    _record(ticket, opened_by, "created", None, ticket.status)
    if created_by is not None:
        provenance = replace(provenance, recorded_by=created_by)
    _add_message(
        ticket,
        author=customer_words,
        body=body,
        kind=MessageKind.REPLY,
        channel=channel,
        uploads=uploads,
        provenance=provenance,
    )
    if created_by is not None and note.strip():
        _add_message(
            ticket,
            author=Author(user=created_by),
            body=note,
            kind=MessageKind.NOTE,
            channel=channel,
            uploads=(),
            provenance=Provenance(),
        )
    publish_ticket_event(ticket, "ticket.created", customer=True)
    return ticket


def _add_message(
    ticket: Ticket,
    *,
    author: Author,
    body: str,
    kind: str,
    channel: str,
    uploads: Sequence[Upload],
    provenance: Provenance,
) -> Message:
    checked = check_uploads(list(uploads))
    text = _clean_text(body, field="body", required=not checked, limit=MAX_BODY_CHARS)
    message = Message.objects.create(
        ticket=ticket,
        kind=kind,
        author_kind=author.author_kind,
        author_user=author.user,
        author_customer=author.customer,
        recorded_by=provenance.recorded_by,
        sender_verified=provenance.verified,
        body=text,
        channel=channel,
        external_id=provenance.external_id,
        external_scope=provenance.scope,
        sent_at=provenance.sent_at,
    )
    for upload in checked:
        attachment = Attachment(
            message=message,
            filename=upload.filename,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
        )
        attachment.file.save(upload.filename, ContentFile(upload.content), save=False)
        attachment.save()
    return message


@transaction.atomic
def message_add(
    *,
    ticket: Ticket,
    body: str,
    author: Author,
    kind: str = MessageKind.REPLY,
    channel: str | None = None,
    uploads: Sequence[Upload] = (),
    provenance: Provenance = Provenance(),
    notify: bool = True,
) -> Message:
    """Add a reply or note. A customer's reply reopens a ticket that waited on them; the first
    public agent reply stamps the first-response time and, unless `notify` is off (imports,
    the demo), sends it to the customer on the ticket's channel (`tickets.delivery`)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if kind not in MessageKind.values or kind == MessageKind.EVENT:
        raise ValidationFailed(fields={"kind": [str(_("Unknown message kind."))]})
    if author.customer is not None:
        if ticket.requester_id != author.customer.pk:
            raise PermissionDenied()
        if kind != MessageKind.REPLY:
            raise PermissionDenied()
    if author.user is not None and not can_view_ticket(author.user, ticket):
        raise PermissionDenied()
    if ticket.status == Status.CLOSED:
        raise Conflict(_("This ticket is closed. Please open a new request."))
    message = _add_message(
        ticket,
        author=author,
        body=body,
        kind=kind,
        channel=channel or ticket.channel,
        uploads=uploads,
        provenance=provenance,
    )
    now = clock.now()
    update = ["updated_at"]
    ticket.updated_at = now
    from_customer = author.author_kind == AuthorKind.CUSTOMER
    if from_customer and ticket.status in {Status.PENDING_CUSTOMER, Status.SOLVED}:
        _record(ticket, author, "status", ticket.status, Status.OPEN)
        ticket.status = Status.OPEN
        ticket.solved_at = None
        update += ["status", "solved_at"]
    if author.user is not None and kind == MessageKind.REPLY:
        if ticket.first_response_at is None:
            ticket.first_response_at = now
            update.append("first_response_at")
        if ticket.status == Status.NEW:
            _record(ticket, author, "status", ticket.status, Status.OPEN)
            ticket.status = Status.OPEN
            update.append("status")
    ticket.save(update_fields=update)
    # Customers are not told an internal note exists, not even by an id on their socket.
    publish_ticket_event(
        ticket, "message.created", customer=kind == MessageKind.REPLY, message_id=message.pk
    )
    if "status" in update:  # lists showing the status (the inbox) refresh on this one
        publish_ticket_event(ticket, "ticket.updated", customer=True)
    if notify and author.user is not None and kind == MessageKind.REPLY:
        delivery.reply_deliver(message=message)  # on the ticket's channel, through the outbox
    return message


@dataclass(frozen=True)
class TicketChanges:
    """Fields to change; None means "leave as is". `assignee_id=0` unassigns."""

    status: str | None = None
    priority: int | None = None
    problem_type: str | None = None
    team: str | None = None
    assignee_id: int | None = None
    subject: str | None = None


@dataclass(frozen=True)
class TicketSnapshot:
    status: str
    subject: str


@transaction.atomic
def ticket_update(*, ticket: Ticket, by: User, changes: TicketChanges) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not can_view_ticket(by, ticket):
        raise PermissionDenied()
    before = TicketSnapshot(status=ticket.status, subject=ticket.subject)
    author = Author(user=by)
    now = clock.now()
    if changes.status is not None and changes.status != ticket.status:
        if changes.status not in Status.values:
            raise ValidationFailed(fields={"status": [str(_("Unknown status."))]})
        if changes.status not in TRANSITIONS[ticket.status]:
            raise Conflict(
                _("A ticket cannot go from %(old)s to %(new)s.")
                % {"old": Status(ticket.status).label, "new": Status(changes.status).label}
            )
        _record(ticket, author, "status", ticket.status, changes.status)
        ticket.status = changes.status
        if changes.status == Status.SOLVED:
            ticket.solved_at = now
        elif changes.status == Status.CLOSED:
            ticket.closed_at = now
        else:
            ticket.solved_at = None
    if changes.priority is not None and changes.priority != ticket.priority:
        if changes.priority not in Priority.values:
            raise ValidationFailed(fields={"priority": [str(_("Unknown priority."))]})
        _record(ticket, author, "priority", ticket.priority, changes.priority)
        ticket.priority = changes.priority
    if changes.problem_type is not None and changes.problem_type != ticket.problem_type:
        if changes.problem_type not in ProblemType.values:
            raise ValidationFailed(fields={"problem_type": [str(_("Unknown problem type."))]})
        _record(ticket, author, "problem_type", ticket.problem_type, changes.problem_type)
        ticket.problem_type = changes.problem_type
    if changes.team is not None:
        team = Team.objects.filter(code=changes.team).first()
        if team is None:
            raise ValidationFailed(fields={"team": [str(_("Unknown team."))]})
        if team.pk != ticket.team_id:
            _record(ticket, author, "team", ticket.team.code if ticket.team else "", team.code)
            ticket.team = team
    if changes.assignee_id is not None:
        _assign(ticket, author, changes.assignee_id)
    if changes.subject is not None:
        subject = _clean_text(changes.subject, field="subject", required=True, limit=200)
        if subject != ticket.subject:
            _record(ticket, author, "subject", ticket.subject, subject)
            ticket.subject = subject
    ticket.updated_at = now
    ticket.save()
    # Customers see a ticket's status and subject; who handles it, and how urgently, is ours.
    public = (ticket.status, ticket.subject) != (before.status, before.subject)
    publish_ticket_event(ticket, "ticket.updated", customer=public)
    return ticket


def _assign(ticket: Ticket, author: Author, assignee_id: int) -> None:
    if assignee_id == 0:
        if ticket.assignee_id is not None:
            _record(ticket, author, "assignee", ticket.assignee, None)
            ticket.assignee = None
        return
    assignee = User.objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None:
        raise ValidationFailed(fields={"assignee": [str(_("Unknown console user."))]})
    if assignee.pk != ticket.assignee_id:
        _record(ticket, author, "assignee", ticket.assignee, assignee)
        ticket.assignee = assignee


@transaction.atomic
def ticket_requester_confirm(*, ticket_id: int, customer: Customer) -> Ticket | None:
    """The customer a ticket was opened for (by a claimed address) proved it is them, with a
    code sent to their registered address: the ticket becomes theirs, with their account data
    shown to the agents who may see it. Only a ticket already pointing at this customer and
    not yet proven; anything else answers None and changes nothing."""
    ticket = (
        Ticket.objects.select_for_update()
        .filter(pk=ticket_id, requester=customer, requester_verified=False)
        .first()
    )
    if ticket is None:
        return None
    ticket.requester_verified = True
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["requester_verified", "updated_at"])
    _record(ticket, Author(customer=customer), "requester_verified", False, True)
    publish_ticket_event(ticket, "ticket.updated", customer=True)
    return ticket
