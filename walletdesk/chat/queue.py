"""The waiting line: who is next, how long it will take, whether anybody is there at all.

**Position.** Waiting chats of one team and language are served most urgent first
(`account_stolen` opens at critical priority, so it is ahead of every other chat), then in the
order they joined (`queued_at`, then id). Position 1 is next.

**Who can serve.** An agent counts for a team and language when their presence is *online*
with a fresh heartbeat (`seen_at` within `PRESENCE_FRESH_SECONDS`: a console whose socket died
stops counting after that), they are an active member of the team, and they take chats in the
language (their presence's languages; none listed means their own console language). "Nobody
online" means no such agent: the chat then becomes a message answered by email.

**The estimate.** `wait_seconds` is how long until the chat at `position` gets an agent:

1. *Handling time* `H`: the median accepted→closed duration of the team's last
   `HISTORY_CHATS` closed chats (the whole service's when the team has fewer than
   `MIN_HISTORY`; `DEFAULT_HANDLE_SECONDS` when nobody has any). The median, not the mean:
   one chat left open over lunch must not double every estimate.
2. *Free places now*: the sum over the agents who can serve of `capacity − active chats`.
   A chat whose position is within them waits 0 s (it is being assigned).
3. Otherwise each busy place frees up after the rest of its current chat — `H` minus what
   that chat has already lasted, at least `MIN_REMAINING_FRACTION·H` (a chat past the median
   still ends soon, not now) — and then again every `H`. The chat at position `p` gets the
   `(p − free)`-th place to free up: its time is the estimate.

So the estimate follows what it depends on: it shrinks as agents come online or raise their
capacity, grows as the line lengthens, and learns from the day's own handling times. Its error
is measured against a simulated day (tests/chat/test_simulated_day.py, which states the bound).

**Peak** is an estimate above CHAT_PEAK_WAIT_SECONDS: the widget offers to leave a message.
**Open** is within CHAT_HOURS (in TIME_ZONE; "HH:MM-HH:MM", may wrap past midnight; empty:
always) and with somebody online.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import statistics
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q

from walletdesk.chat.choices import ConversationState, Presence
from walletdesk.chat.contracts import QueueStatus
from walletdesk.chat.models import AgentPresence, Conversation
from walletdesk.core import clock

logger = logging.getLogger(__name__)

PRESENCE_FRESH_SECONDS = 90
HISTORY_CHATS = 30
MIN_HISTORY = 5
DEFAULT_HANDLE_SECONDS = 360
MIN_REMAINING_FRACTION = 0.2


@dataclass(frozen=True)
class AgentLoad:
    """An agent who can serve a team's chats in a language, and how busy they are."""

    user_id: int
    capacity: int
    active: int
    last_accepted_at: dt.datetime | None

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.active)


# --- service hours ------------------------------------------------------------------------


def _parse_hours(spec: str) -> tuple[dt.time, dt.time] | None:
    """CHAT_HOURS as (opens, closes); None for around the clock. A value that is no
    "HH:MM-HH:MM" is logged and read as around the clock: a typo must not turn every chat
    into a message, nor fail the widget."""
    spec = (spec or "").strip()
    if not spec:
        return None
    start, _sep, end = spec.partition("-")
    try:
        return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
    except ValueError:
        logger.warning("WALLETDESK_CHAT_HOURS is not HH:MM-HH:MM; chat treated as always open")
        return None


def in_service_hours(moment: dt.datetime | None = None) -> bool:
    hours = _parse_hours(settings.CHAT_HOURS)
    if hours is None:
        return True
    start, end = hours
    local = (moment or clock.now()).astimezone(ZoneInfo(settings.TIME_ZONE)).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # e.g. 20:00-02:00


# --- who can serve ------------------------------------------------------------------------


def fresh_since(now: dt.datetime | None = None) -> dt.datetime:
    return (now or clock.now()) - dt.timedelta(seconds=PRESENCE_FRESH_SECONDS)


def serving_agents(
    *, team_id: int | None, language: str, now: dt.datetime | None = None
) -> list[tuple[int, int]]:
    """(user id, capacity) of the agents who can serve `team_id`'s chats in `language` now.
    Languages are read in Python: a presence lists one or two, and SQLite has no JSON
    containment."""
    presences = AgentPresence.objects.filter(
        status=Presence.ONLINE, seen_at__gte=fresh_since(now), user__is_active=True
    )
    if team_id is not None:
        presences = presences.filter(user__teams__id=team_id)
    rows = presences.values_list("user_id", "capacity", "languages", "user__language").distinct()
    return [
        (user_id, capacity)
        for user_id, capacity, languages, own in rows
        if language in (languages or [own])
    ]


def agent_loads(
    *, team_id: int | None, language: str, now: dt.datetime | None = None
) -> list[AgentLoad]:
    """The agents who can serve, least loaded first, then the one whose last chat began
    longest ago (never had one: first)."""
    agents = dict(serving_agents(team_id=team_id, language=language, now=now))
    if not agents:
        return []
    stats = {
        row["agent_id"]: row
        for row in Conversation.objects.filter(agent_id__in=list(agents))
        .values("agent_id")
        .annotate(
            active=Count("id", filter=Q(state=ConversationState.ACTIVE)),
            last_accepted=Max("accepted_at"),
        )
    }
    loads = [
        AgentLoad(
            user_id=user_id,
            capacity=capacity,
            active=int(stats.get(user_id, {}).get("active", 0)),
            last_accepted_at=stats.get(user_id, {}).get("last_accepted"),
        )
        for user_id, capacity in agents.items()
    ]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    loads.sort(key=lambda a: (a.active, a.last_accepted_at or epoch, a.user_id))
    return loads


def anyone_online(*, team_id: int | None, language: str) -> bool:
    return bool(serving_agents(team_id=team_id, language=language))


# --- position and estimate -----------------------------------------------------------------


def _line(team_id: int | None) -> Q:
    return Q(team__isnull=True) if team_id is None else Q(team_id=team_id)


def waiting(*, team_id: int | None, language: str) -> list[int]:
    """Ids of the chats waiting for this team and language, in serving order."""
    return list(
        Conversation.objects.filter(
            _line(team_id), state=ConversationState.QUEUED, language=language
        )
        .order_by("-priority", "queued_at", "id")
        .values_list("id", flat=True)
    )


def positions(*, team_id: int | None, language: str) -> dict[int, int]:
    return {cid: n for n, cid in enumerate(waiting(team_id=team_id, language=language), 1)}


def position_of(conversation: Conversation) -> int:
    """1 for next; 0 when the chat is not waiting."""
    if conversation.state != ConversationState.QUEUED or conversation.queued_at is None:
        return 0
    ahead = Conversation.objects.filter(
        _line(conversation.team_id),
        state=ConversationState.QUEUED,
        language=conversation.language,
    ).filter(
        Q(priority__gt=conversation.priority)
        | Q(priority=conversation.priority, queued_at__lt=conversation.queued_at)
        | Q(
            priority=conversation.priority, queued_at=conversation.queued_at, id__lt=conversation.pk
        )
    )
    return ahead.count() + 1


def handle_seconds(team_id: int | None) -> float:
    """The median accepted→closed duration of recent closed chats (see the module's text)."""

    def recent(scope: Q) -> list[float]:
        rows = (
            Conversation.objects.filter(
                scope,
                state=ConversationState.CLOSED,
                accepted_at__isnull=False,
                closed_at__isnull=False,
            )
            .order_by("-closed_at", "-id")
            .values_list("accepted_at", "closed_at")[:HISTORY_CHATS]
        )
        return [
            max(0.0, (closed - accepted).total_seconds())
            for accepted, closed in rows
            if accepted is not None and closed is not None
        ]

    durations = recent(_line(team_id))
    if len(durations) < MIN_HISTORY:
        durations = recent(Q())
    if len(durations) < MIN_HISTORY:
        return float(DEFAULT_HANDLE_SECONDS)
    return float(statistics.median(durations))


def estimate_wait(
    *,
    position: int,
    loads: list[AgentLoad],
    busy_elapsed: dict[int, list[float]],
    handle: float,
) -> int:
    """Seconds until the chat at `position` gets an agent (see the module's text).
    `busy_elapsed` maps an agent to how long each of their current chats has lasted."""
    if position <= 0 or not loads:
        return 0
    free = sum(a.free for a in loads)
    if position <= free:
        return 0
    floor = MIN_REMAINING_FRACTION * handle
    # When each busy place frees up first; a place freed is busy again for `handle`.
    frees: list[float] = []
    for load in loads:
        elapsed = sorted(busy_elapsed.get(load.user_id, []), reverse=True)[: load.capacity]
        frees.extend(max(floor, handle - e) for e in elapsed)
        frees.extend([handle] * max(0, min(load.capacity, load.active) - len(elapsed)))
    if not frees:
        return 0
    heapq.heapify(frees)
    at = 0.0
    for _turn in range(position - free):
        at = heapq.heappop(frees)
        heapq.heappush(frees, at + handle)
    return round(at)


def busy_elapsed(user_ids: list[int], now: dt.datetime) -> dict[int, list[float]]:
    elapsed: dict[int, list[float]] = {}
    rows = Conversation.objects.filter(
        state=ConversationState.ACTIVE, agent_id__in=user_ids, accepted_at__isnull=False
    ).values_list("agent_id", "accepted_at")
    for agent_id, accepted in rows:
        if agent_id is None or accepted is None:  # pragma: no cover - filtered above
            continue
        elapsed.setdefault(agent_id, []).append(max(0.0, (now - accepted).total_seconds()))
    return elapsed


def status_of(conversation: Conversation) -> QueueStatus:
    now = clock.now()
    loads = agent_loads(team_id=conversation.team_id, language=conversation.language, now=now)
    is_open = in_service_hours(now) and bool(loads)
    position = position_of(conversation)
    wait = 0
    if position and loads:
        wait = estimate_wait(
            position=position,
            loads=loads,
            busy_elapsed=busy_elapsed([a.user_id for a in loads], now),
            handle=handle_seconds(conversation.team_id),
        )
    peak = is_open and wait > settings.CHAT_PEAK_WAIT_SECONDS
    return QueueStatus(position=position, wait_seconds=wait, peak=peak, open=is_open)


def queue_frame(status: QueueStatus) -> dict[str, object]:
    return {
        "kind": "queue",
        "position": status.position,
        "wait_seconds": status.wait_seconds,
        "peak": status.peak,
        "open": status.open,
    }
