"""The end of a chat: closing it, the transcript by email (once), the customer's rating."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.chat import tasks, texts
from walletdesk.chat.choices import ConversationState, EntryAuthor, EntryKind
from walletdesk.chat.models import Conversation, Entry
from walletdesk.chat.selectors import agent_may_see
from walletdesk.chat.services.announce import QueueWatch
from walletdesk.chat.services.entries import state_entry
from walletdesk.chat.services.queueing import transcript_address
from walletdesk.chat.services.talk import lock_with_ticket
from walletdesk.core import clock
from walletdesk.core.errors import Conflict, NotFound, ValidationFailed
from walletdesk.core.oncommit import enqueue_on_commit
from walletdesk.identity.models import User
from walletdesk.outbox.choices import OutboundChannel
from walletdesk.outbox.contracts import Envelope
from walletdesk.outbox.services import outbound_enqueue
from walletdesk.safety.redaction import redact

MAX_COMMENT_CHARS = 2000


@transaction.atomic
def chat_close(*, conversation: Conversation, by: User | None = None) -> Conversation:
    """Close (by an agent who may see it, or by the customer when `by` is None); the transcript
    goes by email to a customer with an address, once. Closing twice changes nothing."""
    from walletdesk.chat.services.agents import assign_waiting

    if by is not None and not agent_may_see(user=by, conversation=conversation):
        raise NotFound()
    conversation = lock_with_ticket(conversation)
    if conversation.state == ConversationState.CLOSED:
        return conversation
    watch = QueueWatch.of(conversation)
    conversation.state = ConversationState.CLOSED
    conversation.closed_at = clock.now()
    conversation.save(update_fields=["state", "closed_at"])
    with translation.override(conversation.language):
        text = texts.closed_by_agent() if by is not None else texts.closed_by_customer()
        state_entry(conversation, text, agent=by)
        transcript_send(conversation)
    watch.publish()
    assign_waiting()  # the agent has room again
    enqueue_on_commit(tasks.assign_chats)  # and once more after commit (services/agents.py)
    return conversation


def transcript_text(conversation: Conversation) -> str:
    """Every entry as plain text, in the active language (the caller picks the chat's)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    lines: list[str] = []
    for entry in Entry.objects.filter(conversation=conversation).order_by("seq"):
        at = entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        lines.append(f"[{at}] {_entry_line(entry)}")
    return "\n".join(lines)


def _entry_line(entry: Entry) -> str:
    data = entry.data or {}
    if entry.kind == EntryKind.MESSAGE:
        name = str(data.get("name") or EntryAuthor(entry.author).label)
        return f"{name}: {entry.text}"
    if entry.kind == EntryKind.SUGGESTIONS:
        titles = [str(a.get("title", "")) for a in data.get("articles") or []]
        flow = data.get("flow") or {}
        offered = [str(flow.get("label", ""))] if flow else []
        offered += titles
        return _("Suggested: %(items)s") % {"items": "; ".join(i for i in offered if i)}
    if entry.kind == EntryKind.QUESTION:
        return _("Question: %(text)s") % {"text": entry.text}
    return f"— {entry.text}"


def transcript_send(conversation: Conversation) -> bool:
    """Queue the transcript for the customer's address, once per conversation (the outbox's
    idempotency key); False when there is nowhere to send it."""
    address = transcript_address(conversation)
    if not address or conversation.transcript_sent_at is not None:
        return False
    subject = _("Your chat with WalletDesk support")
    if conversation.ticket is not None:
        subject = _("Your chat with WalletDesk support [%(ref)s]") % {
            "ref": conversation.ticket.reference
        }
    body = _(
        "Here is the transcript of your chat with us.\n\n%(transcript)s\n\n"
        "WalletDesk support will never ask for your password, verification codes or "
        "recovery phrase."
    ) % {"transcript": transcript_text(conversation)}
    outbound_enqueue(
        envelope=Envelope(
            channel=OutboundChannel.EMAIL,
            recipient=address,
            subject=subject,
            body=body,
            idempotency_key=f"chat-transcript-{conversation.key}",
            headers={"Auto-Submitted": "auto-generated"},
        )
    )
    conversation.transcript_sent_at = clock.now()
    conversation.save(update_fields=["transcript_sent_at"])
    return True


@transaction.atomic
def chat_rate(*, conversation: Conversation, score: int, comment: str = "") -> Conversation:
    """The customer rates a closed chat, once: 1–5 and an optional comment (redacted)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed(fields={"score": [_("Give a score from 1 to 5.")]})
    text = (comment if isinstance(comment, str) else "").replace("\x00", "").strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationFailed(
            fields={
                "comment": [
                    _("Keep this to at most %(limit)d characters.") % {"limit": MAX_COMMENT_CHARS}
                ]
            }
        )
    conversation = lock_with_ticket(conversation)
    if conversation.state != ConversationState.CLOSED:
        raise Conflict(_("You can rate the chat once it has ended."))
    if conversation.rating is not None:
        raise Conflict(_("You have rated this chat already. Thank you."))
    conversation.rating = score
    conversation.rating_comment = redact(text, field="body").text if text else ""
    conversation.save(update_fields=["rating", "rating_comment"])
    return conversation
