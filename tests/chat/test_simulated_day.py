"""The wait estimate against a simulated day.

A deterministic afternoon (seeded random numbers, the frozen clock moved event by event): three
frontline agents taking two chats each, customers arriving at a rate that climbs to a peak
above what the agents can serve and falls again, each chat handled for a log-normal time
(median 5 minutes, σ 0.5 — a few short questions, a few long ones). Every chat goes through
the real services: `queue_join`, automatic assignment, `chat_close` by the agent. When a chat
has to wait, the estimate it was shown on joining is compared with the wait that happened.

The bound, and why: the estimate cannot know the handling times still to come, only their
recent median `H`. The chat at place `k` behind `S` busy places waits for about `k` of them
to free up; with handling times this spread (coefficient of variation ≈ 0.5) the sum of those
releases spreads by roughly `H·√k / S · 0.5` around its middle — for the queue lengths of this
day (up to ~10 behind 6 places) about 1–2 minutes, and the day starts with no history (the
default handling time, 6 minutes, until five chats have closed). Measured on this day: median
error 40 s, mean 71 s against a mean wait of 183 s, 87 % within the band below (a constant
guess at the mean wait: 118 s). We hold the estimate to, with room for the draws of another
seed:

- the median absolute error at most 90 s, and the mean at most half the mean actual wait;
- at least 70 % of estimates within max(120 s, 50 % of the actual wait);
- no worse than a constant guess at the day's average wait (it must carry information).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import statistics
from dataclasses import dataclass, field

import pytest

from walletdesk.chat.choices import ConversationState
from walletdesk.chat.models import Conversation
from walletdesk.chat.selectors import queue_status
from walletdesk.chat.services import chat_close, presence_seen, queue_join

pytestmark = pytest.mark.django_db

SEED = 20261201
AGENTS = 3
CAPACITY = 2
HOURS = 3
MEDIAN_HANDLE = 300.0
SIGMA = 0.5


def arrival_rate(t: float) -> float:
    """Chats per second: 45/h, rising to 90/h in the middle hour (the agents serve ~72/h)."""
    hour = t / 3600
    per_hour = 45 + 45 * max(0.0, 1 - abs(hour - HOURS / 2) / (HOURS / 2)) ** 2
    return per_hour / 3600


def arrivals(rng: random.Random) -> list[float]:
    """A non-homogeneous Poisson process by thinning."""
    peak = arrival_rate(HOURS * 1800)
    t, times = 0.0, []
    while True:
        t += rng.expovariate(peak)
        if t >= HOURS * 3600:
            return times
        if rng.random() < arrival_rate(t) / peak:
            times.append(t)


@dataclass(order=True)
class Event:
    at: float
    order: int
    kind: str = field(compare=False)
    conversation_id: int = field(default=0, compare=False)


@dataclass
class Waited:
    estimate: int
    actual: float


def run_day(visitor_chat, online_agent, moving_clock) -> list[Waited]:
    rng = random.Random(SEED)
    start = moving_clock.now
    agents = [online_agent(capacity=CAPACITY, first_name=f"A{n}") for n in range(AGENTS)]
    handle = {}
    events: list[Event] = []
    counter = 0
    for t in arrivals(rng):
        counter += 1
        heapq.heappush(events, Event(t, counter, "arrive"))
    estimates: dict[int, int] = {}
    scheduled: set[int] = set()

    def schedule_closes() -> None:
        nonlocal counter
        active = Conversation.objects.filter(state=ConversationState.ACTIVE).order_by("pk")
        for pk, accepted in active.values_list("pk", "accepted_at"):
            if pk in scheduled:
                continue
            scheduled.add(pk)
            handle[pk] = rng.lognormvariate(math.log(MEDIAN_HANDLE), SIGMA)
            counter += 1
            at = (accepted - start).total_seconds() + handle[pk]
            heapq.heappush(events, Event(at, counter, "close", pk))

    while events:
        event = heapq.heappop(events)
        moving_clock.now = start + dt.timedelta(seconds=event.at)
        for agent in agents:  # the consoles' heartbeats
            presence_seen(user=agent)
        if event.kind == "arrive":
            conversation = visitor_chat(
                problem_type="fees_limits", visitor_contact=f"v{event.order}@example.com"
            )
            status = queue_join(conversation=conversation)
            if status.position:
                estimates[conversation.pk] = status.wait_seconds
        else:
            conversation = Conversation.objects.get(pk=event.conversation_id)
            chat_close(conversation=conversation, by=conversation.agent)
        schedule_closes()
    waited = []
    for pk, estimate in estimates.items():
        chat = Conversation.objects.get(pk=pk)
        assert chat.accepted_at is not None, "every chat of the day was served"
        waited.append(Waited(estimate, (chat.accepted_at - chat.queued_at).total_seconds()))
    return waited


def test_the_wait_estimate_holds_over_a_simulated_day(visitor_chat, online_agent, moving_clock):
    waited = run_day(visitor_chat, online_agent, moving_clock)
    assert len(waited) >= 30, "the day must make customers wait, or it tests nothing"
    errors = [abs(w.estimate - w.actual) for w in waited]
    actual = [w.actual for w in waited]
    mean_actual = statistics.mean(actual)
    within = [abs(w.estimate - w.actual) <= max(120, 0.5 * w.actual) for w in waited]
    constant = [abs(mean_actual - a) for a in actual]
    print(  # the figures, for whoever tunes the estimate (pytest -s)
        f"waited={len(waited)} mean_actual={mean_actual:.0f}s "
        f"median_error={statistics.median(errors):.0f}s mean_error={statistics.mean(errors):.0f}s "
        f"within={sum(within) / len(within):.0%} "
        f"constant_mean_error={statistics.mean(constant):.0f}s"
    )
    assert statistics.median(errors) <= 90
    assert statistics.mean(errors) <= 0.5 * mean_actual
    assert sum(within) / len(within) >= 0.7
    assert statistics.mean(errors) < statistics.mean(constant)


def test_the_estimate_is_shown_to_every_waiting_customer(visitor_chat, online_agent):
    online_agent(capacity=1)
    queue_join(conversation=visitor_chat(problem_type="fees_limits"))
    waiting = visitor_chat(problem_type="fees_limits")
    queue_join(conversation=waiting)
    waiting.refresh_from_db()
    status = queue_status(conversation=waiting)
    assert status.position == 1
    assert status.wait_seconds > 0
