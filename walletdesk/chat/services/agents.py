"""Agents and chats: presence, automatic assignment, taking a chat, passing it on.

Assignment gives each waiting chat — most urgent first across every line, so an
`account_stolen` chat is served before any other — to the least-loaded agent who can serve it
(online with a fresh heartbeat, in the chat's team, taking its language, below capacity); of
equally loaded agents, the one whose last chat began longest ago. The agent's presence row is
locked while their load is counted, so two assigners never push one agent past capacity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.chat import queue, texts
from walletdesk.chat.choices import OPEN_STATES, ConversationState, Presence
from walletdesk.chat.models import AgentPresence, Conversation
from walletdesk.chat.selectors import agent_may_see
from walletdesk.chat.services.announce import QueueWatch, chat_assigned
from walletdesk.chat.services.entries import agent_name, state_entry
from walletdesk.chat.services.talk import lock_with_ticket
from walletdesk.core import clock
from walletdesk.core.errors import Conflict, NotFound, ValidationFailed
from walletdesk.identity.models import Team, TeamCode, User
from walletdesk.tickets.choices import Channel, MessageKind
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import can_view_ticket
from walletdesk.tickets.services import Author, TicketChanges, message_add, ticket_update
from walletdesk.vocab.choices import Language

MAX_CAPACITY = 20
ASSIGN_BATCH = 200


def _give(conversation: Conversation, user: User) -> None:
    """Hand a locked, waiting conversation to `user`: the ticket is theirs, the customer is
    told, the agent nudged."""
    conversation.state = ConversationState.ACTIVE
    conversation.agent = user
    conversation.accepted_at = clock.now()
    conversation.save(update_fields=["state", "agent", "accepted_at"])
    if conversation.ticket is not None and conversation.ticket.assignee_id != user.pk:
        ticket_update(
            ticket=conversation.ticket, by=user, changes=TicketChanges(assignee_id=user.pk)
        )
    with translation.override(conversation.language):
        state_entry(conversation, texts.accepted(agent_name(user)), agent=user)
    chat_assigned(conversation, user.pk)


def _room(user_id: int) -> bool:
    """Lock the agent's presence and say whether they can take one more chat (not while
    another transaction is changing it: that one assigns when it is done)."""
    presence = (
        AgentPresence.objects.select_for_update(skip_locked=True).filter(user_id=user_id).first()
    )
    if presence is None or presence.status != Presence.ONLINE:
        return False
    active = Conversation.objects.filter(agent_id=user_id, state=ConversationState.ACTIVE).count()
    return active < presence.capacity


def _claim(pk: int) -> Conversation | None:
    """Lock a waiting chat's ticket and row, skipping one another transaction holds (it is
    being changed; the next pass sees it): assignment never waits on a lock, so it never joins
    a circle of waiting transactions, whoever calls it while holding what."""
    ticket_id = Conversation.objects.filter(pk=pk).values_list("ticket_id", flat=True).first()
    if ticket_id is not None:
        tickets = Ticket.objects.select_for_update(skip_locked=True).filter(pk=ticket_id)
        if tickets.values_list("pk", flat=True).first() is None:
            return None
    return Conversation.objects.select_for_update(skip_locked=True).filter(pk=pk).first()


@transaction.atomic
def assign_waiting() -> int:
    """Give waiting chats to the least-loaded online agent of the right team and language with
    room; returns how many were assigned. Called after every change that can free room, and by
    the periodic sweep."""
    assigned = 0
    waiting = list(
        Conversation.objects.filter(state=ConversationState.QUEUED)
        .order_by("-priority", "queued_at", "id")
        .values_list("pk", "team_id", "language")[:ASSIGN_BATCH]
    )
    full: set[tuple[int | None, str]] = set()
    watches: dict[tuple[int | None, str], QueueWatch] = {}
    for pk, team_id, language in waiting:
        line = (team_id, language)
        if line in full:
            continue
        loads = [a for a in queue.agent_loads(team_id=team_id, language=language) if a.free]
        if not loads:
            full.add(line)
            continue
        watches.setdefault(line, QueueWatch.line(team_id, language))
        conversation = _claim(pk)
        if conversation is None or conversation.state != ConversationState.QUEUED:
            continue
        for load in loads:
            if _room(load.user_id):
                user = User.objects.get(pk=load.user_id)
                if conversation.ticket is not None and not can_view_ticket(
                    user, conversation.ticket
                ):
                    continue
                _give(conversation, user)
                assigned += 1
                break
    for watch in watches.values():
        watch.publish()
    return assigned


@transaction.atomic
def chat_accept(*, conversation: Conversation, user: User) -> Conversation:
    """An agent takes a waiting chat from the queue (only one whose ticket they may see)."""
    if not agent_may_see(user=user, conversation=conversation):
        raise NotFound()
    conversation = lock_with_ticket(conversation)
    if conversation.state == ConversationState.ACTIVE and conversation.agent_id == user.pk:
        return conversation
    if conversation.state != ConversationState.QUEUED:
        raise Conflict(_("Somebody else has taken this chat, or it has ended."))
    watch = QueueWatch.of(conversation)
    _give(conversation, user)
    watch.publish()
    return conversation


@transaction.atomic
def chat_transfer(
    *,
    conversation: Conversation,
    by: User,
    to_user: User | None = None,
    to_team: str = "",
    note: str = "",
) -> Conversation:
    """Pass a chat to another agent (it stays active, now theirs) or to a team (it waits in
    that team's line, ahead of those who came later). `note` becomes an internal note on the
    ticket; the customer sees a state entry."""
    if not agent_may_see(user=by, conversation=conversation):
        raise NotFound()
    if (to_user is None) == (not to_team):
        raise ValidationFailed(fields={"to": [_("Pass the chat to one agent or one team.")]})
    team = None
    if to_team:
        team = Team.objects.filter(code=to_team).first()
        if to_team not in TeamCode.values or team is None:
            raise ValidationFailed(fields={"to_team": [_("Unknown team.")]})
    if to_user is not None and not to_user.is_active:
        raise ValidationFailed(fields={"to_user": [_("Unknown console user.")]})
    conversation = lock_with_ticket(conversation)
    ticket = conversation.ticket
    if ticket is None or conversation.state not in {
        ConversationState.QUEUED,
        ConversationState.ACTIVE,
    }:
        raise Conflict(_("Only a waiting or active chat can be passed on."))
    if note.strip():
        message_add(
            ticket=ticket,
            body=note,
            author=Author(user=by),
            kind=MessageKind.NOTE,
            channel=Channel.CHAT,
        )
    old_line = QueueWatch.of(conversation)
    if to_user is not None:
        ticket_update(ticket=ticket, by=by, changes=TicketChanges(assignee_id=to_user.pk))
        conversation.state = ConversationState.ACTIVE
        conversation.agent = to_user
        conversation.accepted_at = conversation.accepted_at or clock.now()
        conversation.save(update_fields=["state", "agent", "accepted_at"])
        with translation.override(conversation.language):
            state_entry(
                conversation, texts.transferred_to_agent(agent_name(to_user)), agent=to_user
            )
        chat_assigned(conversation, to_user.pk)
    else:
        assert team is not None  # noqa: S101 - checked above
        ticket_update(ticket=ticket, by=by, changes=TicketChanges(team=team.code, assignee_id=0))
        conversation.state = ConversationState.QUEUED
        conversation.team = team
        conversation.agent = None
        conversation.queued_at = conversation.queued_at or clock.now()
        conversation.save(update_fields=["state", "team", "agent", "queued_at"])
        with translation.override(conversation.language):
            state_entry(conversation, texts.transferred_to_team())
    old_line.publish()
    if to_team:
        QueueWatch(conversation.team_id, conversation.language).publish()
    assign_waiting()
    return conversation


def _clean_languages(languages: list[str] | None) -> list[str] | None:
    if languages is None:
        return None
    if not isinstance(languages, list) or not all(code in Language.values for code in languages):
        raise ValidationFailed(fields={"languages": [_("Unknown language.")]})
    return list(dict.fromkeys(languages))


@transaction.atomic
def presence_set(
    *, user: User, status: str, capacity: int | None = None, languages: list[str] | None = None
) -> AgentPresence:
    """An agent goes online, away or offline; optionally with a new capacity (1–20 concurrent
    chats) and the languages they take. Going online assigns waiting chats at once."""
    if status not in Presence.values:
        raise ValidationFailed(fields={"status": [_("Unknown presence.")]})
    if capacity is not None and (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not 1 <= capacity <= MAX_CAPACITY
    ):
        raise ValidationFailed(
            fields={
                "capacity": [_("Take between 1 and %(max)d chats at once.") % {"max": MAX_CAPACITY}]
            }
        )
    cleaned = _clean_languages(languages)
    now = clock.now()
    presence, _created = AgentPresence.objects.select_for_update().get_or_create(
        user=user,
        defaults={"capacity": settings.CHAT_DEFAULT_CAPACITY, "languages": [user.language]},
    )
    presence.status = status
    presence.changed_at = now
    if status == Presence.ONLINE:
        presence.seen_at = now
    if capacity is not None:
        presence.capacity = capacity
    if cleaned is not None:
        presence.languages = cleaned
    presence.save()
    if status == Presence.ONLINE:
        assign_waiting()
    return presence


def presence_seen(*, user: User) -> None:
    """The agent's chat socket is alive (heartbeat)."""
    AgentPresence.objects.filter(user=user).update(seen_at=clock.now())


@transaction.atomic
def presence_expire() -> int:
    """Online agents whose socket has been silent past the heartbeat window go offline (their
    chats stay theirs); returns how many."""
    now = clock.now()
    stale = AgentPresence.objects.filter(status=Presence.ONLINE).exclude(
        seen_at__gte=queue.fresh_since(now)
    )
    return stale.update(status=Presence.OFFLINE, changed_at=now)


def open_chats_of(user: User) -> int:
    return Conversation.objects.filter(agent=user, state__in=OPEN_STATES).count()
