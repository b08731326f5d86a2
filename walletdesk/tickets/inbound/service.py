"""`inbound_receive`: the one way a message from outside becomes a ticket or joins one.

    redact every text → match the sender → a redelivered id returns the stored message
    → find the conversation (addressed ticket, thread id or reference, the open "wallet stolen"
    ticket) and append, or open a ticket (flood-limited) → store → events on commit

It returns only after the rows are stored: when it is called outside a transaction, as every
entry point does, they are committed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.ratelimit import TICKETS_PER_REQUESTER, RateLimited
from walletdesk.safety.redaction import Finding, redact
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import (
    ACTIVE_STATUSES,
    AuthorKind,
    Channel,
    MessageKind,
    ProblemType,
    Status,
)
from walletdesk.tickets.inbound.contracts import (
    InboundMessage,
    InboundResult,
    SenderKind,
)
from walletdesk.tickets.inbound.senders import (
    Requester,
    belongs_to,
    idempotency_scope,
    resolve,
)
from walletdesk.tickets.models import ExternalThread, InboundPayload, Message, Ticket
from walletdesk.tickets.permissions import can_view_ticket
from walletdesk.tickets.selectors import TicketNotFound
from walletdesk.tickets.services import Author, Provenance, message_add, ticket_create

MAX_ID_CHARS = 255
MAX_REFERENCES = 50
SUBJECT_FROM_TEXT_CHARS = 80
# A redelivery racing the first delivery loses on a unique index; it then finds the winner.
_ATTEMPTS = 3


@dataclass(frozen=True)
class _Clean:
    """The message after redaction, and the raw payload that may be kept (None: keep none)."""

    message: InboundMessage
    payload: str | None
    findings: tuple[Finding, ...]


class _ConversationAppeared(Exception):
    """A concurrent delivery opened this sender's ticket for the thread after we looked."""


def inbound_receive(message: InboundMessage) -> InboundResult:
    _check(message)
    clean = _redacted(message)
    requester = resolve(message.sender)
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return _receive(clean, requester)
        except (IntegrityError, _ConversationAppeared):
            # The attempt is rolled back whole; the next one finds what the other stored.
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _check(message: InboundMessage) -> None:
    if message.channel not in Channel.values:
        raise ValidationFailed(fields={"channel": [_("Unknown channel.")]})
    if message.kind not in {MessageKind.REPLY, MessageKind.NOTE}:
        raise ValidationFailed(fields={"kind": [_("Unknown message kind.")]})
    is_agent = message.sender.kind == SenderKind.AGENT
    if message.kind == MessageKind.NOTE and not is_agent:
        raise ValidationFailed(fields={"kind": [_("Only agents write internal notes.")]})
    if is_agent and message.ticket_id is None:
        raise ValidationFailed(fields={"ticket": [_("Say which ticket this message is for.")]})
    too_long = _("Keep this to at most %(limit)d characters.") % {"limit": MAX_ID_CHARS}
    for field in ("external_id", "external_thread_id"):
        if len(getattr(message, field)) > MAX_ID_CHARS:
            raise ValidationFailed(fields={field: [too_long]})


def _redacted(message: InboundMessage) -> _Clean:
    """Every text through the safety app's redactor, before anything touches the database."""
    findings: list[Finding] = []

    def run(text: str, field: str) -> str:
        if not text:
            return text
        result = redact(text, field=field)
        findings.extend(result.findings)
        return result.text

    attachments = tuple(
        Upload(filename=run(upload.filename, "filename"), content=upload.content)
        for upload in message.attachments
    )
    clean = replace(
        message,
        text=run(message.text, "body"),
        subject=run(message.subject, "subject"),
        steps_tried=run(message.steps_tried, "steps_tried"),
        note=run(message.note, "note"),
        attachments=attachments,
        raw_payload=None,
    )
    payload = None
    if message.raw_payload:
        raw = message.raw_payload[: InboundPayload.MAX_BYTES + 1].decode("utf-8", "replace")
        payload = run(raw, "raw_payload")
    # A secret found in any text may sit in the raw payload in a form the redactor cannot
    # read (base64, quoted-printable, HTML entities): then no raw copy is kept at all.
    if findings:
        payload = None
    return _Clean(message=clean, payload=payload, findings=tuple(findings))


def _receive(clean: _Clean, requester: Requester) -> InboundResult:
    message = clean.message
    scope = idempotency_scope(requester, message)
    if message.external_id:
        stored = _stored(channel=message.channel, scope=scope, external_id=message.external_id)
        if stored is not None:
            # A redelivery answers with the ticket as it is now: an agent who recorded the
            # message but may no longer see that ticket learns nothing from it.
            if message.recorded_by is not None and not can_view_ticket(
                message.recorded_by, stored.ticket
            ):
                raise TicketNotFound()
            return InboundResult(stored.ticket, stored, False, False, clean.findings)
    provenance = Provenance(
        external_id=message.external_id or None,
        scope=scope if message.external_id else "",
        sent_at=message.sent_at,
        verified=requester.verified,
        recorded_by=message.recorded_by,
    )
    ticket = _conversation(message, requester)
    if ticket is None:
        ticket = _open(message, requester, provenance)
        stored = ticket.messages.filter(kind=MessageKind.REPLY).order_by("id").first()
        assert stored is not None  # noqa: S101 - ticket_create always writes the first message
        created = True
    else:
        stored = _append(ticket, message, requester, provenance)
        ticket = stored.ticket  # as message_add left it (a reply may have reopened it)
        created = False
    if clean.payload is not None:
        _keep_payload(stored, clean.payload)
    return InboundResult(ticket, stored, created, True, clean.findings)


def _stored(*, channel: str, scope: str, external_id: str) -> Message | None:
    """The message this sender already delivered under this id, if any."""
    return (
        Message.objects.select_related("ticket", "author_user", "author_customer", "recorded_by")
        .filter(channel=channel, external_scope=scope, external_id=external_id)
        .first()
    )


def _conversation(message: InboundMessage, requester: Requester) -> Ticket | None:
    """The ticket this message continues, if any."""
    if message.ticket_id is not None:
        ticket = Ticket.objects.filter(pk=message.ticket_id).first()
        if ticket is None:
            raise TicketNotFound()
        return ticket  # message_add checks that this sender may write on it
    ids = _thread_ids(message)
    if ids:
        candidates = (
            Ticket.objects.filter(
                external_threads__channel=message.channel,
                external_threads__external_id__in=ids,
            )
            .exclude(status=Status.CLOSED)
            .distinct()
            .order_by("-updated_at", "-id")
        )
        for ticket in candidates:
            if belongs_to(ticket, requester, message):
                return ticket
    if message.problem_type == ProblemType.ACCOUNT_STOLEN and requester.customer is not None:
        # "My wallet was stolen" again: one case per customer, not one more in the queue.
        open_cases = Ticket.objects.filter(
            requester=requester.customer,
            problem_type=ProblemType.ACCOUNT_STOLEN,
            status__in=ACTIVE_STATUSES,
        ).order_by("created_at", "id")
        for ticket in open_cases:
            if belongs_to(ticket, requester, message):
                return ticket
    return None


def _thread_ids(message: InboundMessage) -> list[str]:
    ids = [message.external_thread_id, *message.references[:MAX_REFERENCES]]
    return list(dict.fromkeys(i for i in ids if i and len(i) <= MAX_ID_CHARS))


def _open(message: InboundMessage, requester: Requester, provenance: Provenance) -> Ticket:
    if message.recorded_by is None:  # an agent recording a call is not a flood
        try:
            TICKETS_PER_REQUESTER.hit(requester.limit_subject)
        except RateLimited as error:
            raise RateLimited(
                _(
                    "You have opened many requests in a short time. Please add to one you "
                    "already opened, or try again in an hour."
                )
            ) from error
    ticket = ticket_create(
        channel=message.channel,
        subject=message.subject or _subject_from(message.text),
        body=message.text,
        problem_type=message.problem_type or ProblemType.OTHER,
        requester=requester.customer,
        contact=requester.contact,
        language=message.language or None,
        steps_tried=message.steps_tried,
        priority=message.priority,
        transaction_ref=message.transaction_ref,
        team_code=message.team or None,
        created_by=message.recorded_by,
        note=message.note,
        uploads=message.attachments,
        provenance=provenance,
    )
    if message.external_thread_id:
        _register_thread(ticket, message, requester)
    return ticket


def _subject_from(text: str) -> str:
    """Channels without a subject line (chat, SMS, social): the start of the first line."""
    first_line = text.strip().split("\n", 1)[0].strip()
    if not first_line:
        return _("New conversation")
    if len(first_line) <= SUBJECT_FROM_TEXT_CHARS:
        return first_line
    return first_line[: SUBJECT_FROM_TEXT_CHARS - 1] + "…"


def _register_thread(ticket: Ticket, message: InboundMessage, requester: Requester) -> None:
    """Later messages of this thread find the new ticket. A thread whose ticket was closed
    moves to its follow-up; one that belongs to somebody else's ticket stays there. When two
    first messages of one new thread race, the loser's insert fails and its whole attempt is
    retried, then finds the winner's ticket."""
    existing = (
        ExternalThread.objects.select_related("ticket")
        .filter(channel=message.channel, external_id=message.external_thread_id)
        .first()
    )
    if existing is None:
        ExternalThread.objects.create(
            ticket=ticket, channel=message.channel, external_id=message.external_thread_id
        )
    elif belongs_to(existing.ticket, requester, message):
        if existing.ticket.status != Status.CLOSED:
            raise _ConversationAppeared()
        existing.ticket = ticket
        existing.save(update_fields=["ticket"])


def _append(
    ticket: Ticket, message: InboundMessage, requester: Requester, provenance: Provenance
) -> Message:
    if requester.agent is not None:
        author = Author(user=requester.agent)
    else:
        author = Author(customer=requester.customer, kind=AuthorKind.CUSTOMER)
    stored = message_add(
        ticket=ticket,
        body=message.text,
        author=author,
        kind=message.kind,
        channel=message.channel,
        uploads=message.attachments,
        provenance=provenance,
    )
    if message.recorded_by is not None and message.note.strip():
        message_add(
            ticket=ticket,
            body=message.note,
            author=Author(user=message.recorded_by),
            kind=MessageKind.NOTE,
            channel=message.channel,
        )
    return stored


def _keep_payload(message: Message, payload: str) -> None:
    encoded = payload.encode()
    truncated = len(encoded) > InboundPayload.MAX_BYTES
    if truncated:
        payload = encoded[: InboundPayload.MAX_BYTES].decode("utf-8", "ignore")
    InboundPayload.objects.create(message=message, content=payload, truncated=truncated)
