"""Every read of the chat."""

from __future__ import annotations

from django.db.models import QuerySet

from walletdesk.chat import queue
from walletdesk.chat.access import token_matches
from walletdesk.chat.choices import ConversationState, EntryKind
from walletdesk.chat.contracts import QueueStatus
from walletdesk.chat.models import CannedReply, Conversation, Entry
from walletdesk.identity.models import User
from walletdesk.tickets.permissions import tickets_visible_to

MAX_KEY_CHARS = 32
MAX_TOKEN_CHARS = 128
MAX_ENTRIES = 500


def conversation_for_token(*, key: str, token: str) -> Conversation | None:
    """The conversation whose widget holds `token` (constant-time check); None otherwise."""
    if not isinstance(key, str) or not isinstance(token, str):
        return None
    if not key or not token or len(key) > MAX_KEY_CHARS or len(token) > MAX_TOKEN_CHARS:
        return None
    conversation = Conversation.objects.filter(key=key).first()
    if conversation is None:
        return None
    return conversation if token_matches(token, conversation.token_digest) else None


def entries_after(*, conversation: Conversation, seq: int, limit: int = 500) -> list[Entry]:
    """The entries numbered above `seq`, in order, at most `limit` (≤ 500) of them: a client
    that gets a full page asks again from the last one."""
    since = seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else 0
    limit = max(1, min(int(limit), MAX_ENTRIES))
    return list(
        Entry.objects.filter(conversation_id=conversation.pk, seq__gt=since).order_by("seq")[:limit]
    )


def queue_status(*, conversation: Conversation) -> QueueStatus:
    """Position, estimated wait, peak and open (chat/queue.py says how they are made)."""
    return queue.status_of(conversation)


def agent_may_see(*, user: User, conversation: Conversation) -> bool:
    """The tickets' rule (tickets.permissions) applied to the chat's ticket; a chat without a
    ticket yet is seen by nobody in the console. Reads the ticket from the database when the
    caller's copy has none yet (it may have been opened since the copy was read)."""
    if not user.is_active:
        return False
    ticket_id = conversation.ticket_id
    if ticket_id is None:
        ticket_id = (
            Conversation.objects.filter(pk=conversation.pk)
            .values_list("ticket_id", flat=True)
            .first()
        )
    if ticket_id is None:
        return False
    return tickets_visible_to(user).filter(pk=ticket_id).exists()


def _visible(user: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        ticket__in=tickets_visible_to(user).values("pk")
    ).select_related("ticket", "team", "agent", "customer")


def waiting_for(*, user: User) -> list[Conversation]:
    """Waiting chats this agent may see and take, in queue order."""
    if not user.is_active:
        return []
    return list(
        _visible(user)
        .filter(state=ConversationState.QUEUED)
        .order_by("-priority", "queued_at", "id")[:200]
    )


def active_for(*, user: User) -> list[Conversation]:
    """The chats this agent is handling now, oldest first."""
    if not user.is_active:
        return []
    return list(
        _visible(user)
        .filter(state=ConversationState.ACTIVE, agent=user)
        .order_by("accepted_at", "id")
    )


def conversation_for_ticket(*, user: User, ticket_id: int) -> Conversation | None:
    """The latest conversation of a ticket the agent may see (the console's ticket page)."""
    return _visible(user).filter(ticket_id=ticket_id).order_by("-id").first()


def conversation_by_key(*, user: User, key: str) -> Conversation | None:
    """A conversation by its key, for an agent who may see it; None when unknown or not
    theirs to see (the same answer)."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_CHARS:
        return None
    return _visible(user).filter(key=key).first()


def canned_replies_for(*, user: User, language: str | None = None) -> list[CannedReply]:
    """Replies for everyone and for the agent's teams (all teams' for supervisors)."""
    replies = CannedReply.objects.select_related("team")
    if not user.sees_everything:
        replies = replies.filter(team__isnull=True) | replies.filter(team__in=user.teams.all())
    if language:
        replies = replies.filter(language=language)
    return list(replies.order_by("language", "title"))


def intake_answers(*, user: User, conversation: Conversation) -> dict[str, str]:
    """The answers the customer gave to the intake questions, in the order they were asked,
    for an agent who may see them."""
    if not agent_may_see(user=user, conversation=conversation):
        return {}
    answers = Conversation.objects.values_list("intake_answers", flat=True).get(pk=conversation.pk)
    asked = (
        Entry.objects.filter(conversation_id=conversation.pk, kind=EntryKind.QUESTION)
        .order_by("seq")
        .values_list("data__key", flat=True)
    )
    return {str(key): str(answers[key]) for key in asked if key in answers}
