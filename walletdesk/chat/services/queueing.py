"""From the assistant to a person: opening the ticket, joining the queue (or leaving a message
when nobody can answer live), the intake questions asked one at a time."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.chat import queue, tasks, texts
from walletdesk.chat.choices import ConversationState, EntryAuthor, EntryKind
from walletdesk.chat.contracts import QueueStatus
from walletdesk.chat.models import Conversation, Entry
from walletdesk.chat.services.announce import QueueWatch
from walletdesk.chat.services.entries import entry_append, speaking, state_entry
from walletdesk.chat.services.start import clean_contact
from walletdesk.chat.services.talk import inbound_say, lock_with_ticket, sender_of, thread_id
from walletdesk.core import clock
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.core.oncommit import enqueue_on_commit
from walletdesk.intake.definitions import FieldKind, definition_for
from walletdesk.intake.questions import Question, questions_for
from walletdesk.tickets.choices import Channel
from walletdesk.tickets.inbound import InboundMessage, inbound_receive
from walletdesk.vocab.choices import ProblemType

# Asked in the portal with the customer's own lists; the chat has no picker for them.
_NOT_ASKED_IN_CHAT = {FieldKind.TRANSACTION, FieldKind.ARTICLES}
MAX_ANSWER_CHARS = 4000


def _problem_label(conversation: Conversation) -> str:
    code = conversation.problem_type or ProblemType.OTHER
    return str(ProblemType(code).label)


def ticket_open(conversation: Conversation) -> None:
    """Open the chat's ticket through the one inbound path, starting with what the customer
    wrote to the assistant (already entries: the opening message makes none)."""
    if conversation.ticket_id is not None:
        return
    with translation.override(conversation.language):
        words = list(
            conversation.entries.filter(author=EntryAuthor.CUSTOMER, kind=EntryKind.MESSAGE)
            .order_by("seq")
            .values_list("text", flat=True)
        )
        text = "\n\n".join(words) or texts.needs_help_with(_problem_label(conversation))
        subject = _("Live chat: %(problem)s") % {"problem": _problem_label(conversation)}
    with speaking(conversation, "", quiet=True):
        result = inbound_receive(
            InboundMessage(
                channel=Channel.CHAT,
                sender=sender_of(conversation),
                text=text,
                subject=subject,
                external_thread_id=thread_id(conversation),
                external_id=f"{conversation.key}:opening",
                language=conversation.language,
                problem_type=conversation.problem_type or ProblemType.OTHER,
                priority=conversation.priority,
            )
        )
    conversation.ticket = result.ticket
    conversation.team_id = result.ticket.team_id
    conversation.priority = max(conversation.priority, result.ticket.priority)
    conversation.save(update_fields=["ticket", "team", "priority"])


def chat_questions(conversation: Conversation) -> list[Question]:
    """The intake questions for the conversation's type, as chat steps, in its language."""
    with translation.override(conversation.language):
        definition = definition_for(conversation.problem_type or ProblemType.OTHER)
        asked = questions_for(definition, signed_in=conversation.verified)
    return [q for q in asked if q.kind not in _NOT_ASKED_IN_CHAT]


def _asked(conversation: Conversation) -> list[str]:
    return [
        str(key)
        for key in conversation.entries.filter(kind=EntryKind.QUESTION)
        .order_by("seq")
        .values_list("data__key", flat=True)
    ]


def _ask_next(conversation: Conversation) -> Entry | None:
    asked = set(_asked(conversation))
    for question in chat_questions(conversation):
        if question.name in asked or question.name in conversation.intake_answers:
            continue
        choices = [{"value": v, "label": label} for v, label in question.choices] or None
        return entry_append(
            conversation=conversation,
            kind=EntryKind.QUESTION,
            author=EntryAuthor.ASSISTANT,
            text=question.prompt,
            data={"key": question.name, "choices": choices},
        )
    return None


def _to_left_message(conversation: Conversation, *, reason: str) -> None:
    conversation.state = ConversationState.LEFT_MESSAGE
    conversation.queued_at = None
    conversation.save(update_fields=["state", "queued_at"])
    by_email = bool(transcript_address(conversation))
    with translation.override(conversation.language):
        state_entry(conversation, texts.left_message(by_email=by_email, reason=reason))


def transcript_address(conversation: Conversation) -> str:
    """Where email to the customer goes: a proven customer's address, else the email address
    an embedded visitor gave (validated when the chat started); "" when neither."""
    if conversation.verified and conversation.customer is not None:
        return conversation.customer.email or ""
    contact = conversation.visitor_contact
    return contact if "@" in contact else ""


@transaction.atomic
def queue_join(*, conversation: Conversation) -> QueueStatus:
    """ "Still need help": open the ticket if there is none, join the queue (account_stolen jumps
    it), try to assign an agent at once; outside hours or with nobody online the conversation
    becomes a message answered by email instead. Joining twice answers the status."""
    from walletdesk.chat.services.agents import assign_waiting

    conversation = lock_with_ticket(conversation)
    if conversation.state in {ConversationState.QUEUED, ConversationState.ACTIVE}:
        return queue.status_of(conversation)
    if conversation.state != ConversationState.ASSISTANT:
        raise Conflict(_("This chat has ended. Please start a new one."))
    ticket_open(conversation)
    now = clock.now()
    closed = not queue.in_service_hours(now)
    if closed or not queue.anyone_online(
        team_id=conversation.team_id, language=conversation.language
    ):
        _to_left_message(conversation, reason="off_hours" if closed else "nobody_online")
        return QueueStatus(position=0, wait_seconds=0, peak=False, open=False)
    watch = QueueWatch.of(conversation)
    conversation.state = ConversationState.QUEUED
    conversation.queued_at = now
    conversation.save(update_fields=["state", "queued_at"])
    with translation.override(conversation.language):
        state_entry(conversation, texts.queued())
        _ask_next(conversation)
    assign_waiting()
    watch.publish()
    conversation.refresh_from_db()
    if conversation.state == ConversationState.QUEUED:
        enqueue_on_commit(tasks.assign_chats)  # room another transaction frees meanwhile
    return queue.status_of(conversation)


@transaction.atomic
def intake_answer(*, conversation: Conversation, key: str, value: str) -> Conversation:
    """The answer to the question asked last: recorded as the customer's message (so the agent
    reads it in the thread) and kept by field name; then the next question, if any."""
    conversation = lock_with_ticket(conversation)
    if conversation.state not in {ConversationState.QUEUED, ConversationState.ACTIVE}:
        raise Conflict(_("This chat is not waiting for an answer."))
    pending = [k for k in _asked(conversation) if k not in conversation.intake_answers]
    if not pending or key != pending[-1]:
        raise ValidationFailed(fields={"key": [_("This question is not open.")]})
    question = next((q for q in chat_questions(conversation) if q.name == key), None)
    if question is None:  # pragma: no cover - only asked questions are pending
        raise ValidationFailed(fields={"key": [_("This question is not open.")]})
    answer = (value if isinstance(value, str) else "").replace("\x00", "").strip()
    if question.choices:
        labels = dict(question.choices)
        if answer not in labels:
            raise ValidationFailed(fields={"value": [_("Pick one of the answers offered.")]})
        said = str(labels[answer])
    else:
        if question.required and not answer:
            raise ValidationFailed(fields={"value": [_("This question needs an answer.")]})
        if len(answer) > MAX_ANSWER_CHARS:
            raise ValidationFailed(
                fields={
                    "value": [
                        _("Keep this to at most %(limit)d characters.")
                        % {"limit": MAX_ANSWER_CHARS}
                    ]
                }
            )
        said = answer
    if said:
        entry = inbound_say(conversation, said, f"answer-{key}")
        answer = entry.text if not question.choices else answer  # stored after redaction
    conversation.intake_answers = {**conversation.intake_answers, key: answer}
    conversation.save(update_fields=["intake_answers"])
    with translation.override(conversation.language):
        _ask_next(conversation)
    return conversation


@transaction.atomic
def leave_message(*, conversation: Conversation, contact: str = "") -> Conversation:
    """Leave a message instead of waiting (offered at peak): the ticket is answered by email.
    A visitor may give the email address to answer to (`contact`), which the ticket records."""
    from walletdesk.chat.services.agents import assign_waiting

    conversation = lock_with_ticket(conversation)
    if conversation.state not in {ConversationState.ASSISTANT, ConversationState.QUEUED}:
        raise Conflict(_("This chat cannot become a message any more."))
    if contact.strip() and not conversation.verified:
        address = clean_contact(contact)
        if conversation.ticket_id is None:
            conversation.visitor_contact = address
            conversation.save(update_fields=["visitor_contact"])
        elif address != conversation.visitor_contact:
            with translation.override(conversation.language):
                note = _("Please answer me at: %(contact)s") % {"contact": address}
            inbound_say(conversation, note, "leave-message-contact")
            conversation.visitor_contact = address
            conversation.save(update_fields=["visitor_contact"])
    watch = QueueWatch.of(conversation)
    ticket_open(conversation)
    _to_left_message(conversation, reason="peak")
    watch.publish()
    assign_waiting()
    return conversation


@transaction.atomic
def queue_release() -> int:
    """Waiting chats nobody can answer any more — service hours ended, or the last agent of
    their team and language went away — become messages answered by email, and their
    customers are told so. Returns how many. Run by the chat sweep."""
    is_open = queue.in_service_hours()
    lines: dict[tuple[int | None, str], bool] = {}
    released = 0
    waiting = Conversation.objects.filter(state=ConversationState.QUEUED).order_by("pk")
    for pk, team_id, language in waiting.values_list("pk", "team_id", "language"):
        line = (team_id, language)
        if line not in lines:
            lines[line] = is_open and queue.anyone_online(team_id=team_id, language=language)
        if lines[line]:
            continue
        conversation = lock_with_ticket(Conversation(pk=pk))
        if conversation.state != ConversationState.QUEUED:
            continue
        watch = QueueWatch.of(conversation)
        _to_left_message(conversation, reason="nobody_online" if is_open else "off_hours")
        watch.publish()
        released += 1
    return released
