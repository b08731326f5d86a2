"""The line: order (account_stolen first), assignment by load, team, language and capacity,
off-hours and nobody online, peak, and the queue frames each waiting customer gets."""

from __future__ import annotations

import datetime as dt

import pytest

from walletdesk.chat import queue
from walletdesk.chat.choices import ConversationState, EntryKind, Presence
from walletdesk.chat.models import AgentPresence
from walletdesk.chat.selectors import queue_status, waiting_for
from walletdesk.chat.services import (
    assign_waiting,
    chat_close,
    presence_expire,
    presence_seen,
    presence_set,
    queue_join,
)
from walletdesk.chat.tasks import sweep_chats
from walletdesk.core import chatbus
from walletdesk.identity.models import Role
from walletdesk.vocab.choices import Priority

pytestmark = pytest.mark.django_db


def joined(visitor_chat, **kwargs):
    conversation = visitor_chat(**kwargs)
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    return conversation


def test_account_stolen_jumps_the_queue(visitor_chat, online_agent, make_user, moving_clock):
    online_agent(teams=("security",), capacity=1)
    busy = joined(visitor_chat, problem_type="phishing_report")  # takes the only place
    assert busy.state == ConversationState.ACTIVE
    moving_clock.advance(10)
    early = joined(visitor_chat, problem_type="account_frozen")
    moving_clock.advance(10)
    later = joined(visitor_chat, problem_type="phishing_report")
    moving_clock.advance(10)
    stolen = joined(visitor_chat, problem_type="account_stolen")
    assert stolen.priority == Priority.CRITICAL
    supervisor = make_user(Role.SUPERVISOR, ("management",))
    assert waiting_for(user=supervisor) == [stolen, early, later]
    assert [queue_status(conversation=c).position for c in (stolen, early, later)] == [1, 2, 3]
    chat_close(conversation=busy)  # room again: the stolen wallet is served first
    stolen.refresh_from_db()
    early.refresh_from_db()
    assert stolen.state == ConversationState.ACTIVE
    assert early.state == ConversationState.QUEUED
    assert queue_status(conversation=early).position == 1


def test_assignment_goes_to_the_least_loaded_agent_with_room(visitor_chat, online_agent):
    anna = online_agent(capacity=2, first_name="Anna")
    bo = online_agent(capacity=1, first_name="Bo")
    chats = [joined(visitor_chat, problem_type="fees_limits") for _n in range(4)]
    agents = [c.agent for c in chats]
    # Both start empty: Anna (created first, never had a chat… tie broken by id), then Bo,
    # then Anna again (1 < Bo's full 1/1); the fourth waits.
    assert agents[:3].count(anna) == 2
    assert agents[:3].count(bo) == 1
    assert agents[3] is None
    assert chats[3].state == ConversationState.QUEUED


def test_ties_go_to_whoever_waited_longest_since_their_last_chat(
    visitor_chat, online_agent, moving_clock
):
    first = online_agent(first_name="First")
    second = online_agent(first_name="Second")
    a = joined(visitor_chat, problem_type="fees_limits")
    moving_clock.advance(60)
    b = joined(visitor_chat, problem_type="fees_limits")
    assert {a.agent, b.agent} == {first, second}
    chat_close(conversation=a)
    chat_close(conversation=b)
    moving_clock.advance(60)
    presence_seen(user=first)  # heartbeats keep both consoles fresh
    presence_seen(user=second)
    # Both free again: the one whose last chat began earlier (a's agent) is next.
    c = joined(visitor_chat, problem_type="fees_limits")
    assert c.agent == a.agent


def test_assignment_respects_team_and_language(visitor_chat, online_agent, settings):
    english = online_agent(languages=("en",))
    security = online_agent(teams=("security",), languages=("zh-hans", "en"))
    zh = joined(visitor_chat, problem_type="fees_limits", language="zh-hans")
    # Frontline has no Chinese-speaking agent online: nobody can answer it live.
    assert zh.state == ConversationState.LEFT_MESSAGE
    en = joined(visitor_chat, problem_type="fees_limits", language="en")
    assert en.agent == english
    stolen = joined(visitor_chat, problem_type="account_stolen", language="zh-hans")
    assert stolen.agent == security


def test_an_agent_going_online_takes_the_waiting_chats(visitor_chat, online_agent, make_user):
    online_agent(capacity=1)
    joined(visitor_chat, problem_type="fees_limits")
    waiting = joined(visitor_chat, problem_type="fees_limits")
    assert waiting.state == ConversationState.QUEUED
    newcomer = make_user(Role.AGENT, ("frontline",))
    presence_set(user=newcomer, status=Presence.ONLINE, capacity=2, languages=["zh-hans"])
    waiting.refresh_from_db()
    assert waiting.agent == newcomer


def test_outside_service_hours_the_chat_becomes_a_message_answered_by_email(
    visitor_chat, online_agent, moving_clock, settings
):
    online_agent()
    settings.CHAT_HOURS = "08:00-22:00"
    moving_clock.now = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)  # 23:00 in Shanghai
    conversation = visitor_chat(problem_type="fees_limits")
    status = queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert not status.open
    assert conversation.state == ConversationState.LEFT_MESSAGE
    assert conversation.ticket is not None
    last = conversation.entries.order_by("-seq").first()
    assert last.kind == EntryKind.STATE
    assert last.data["state"] == ConversationState.LEFT_MESSAGE
    assert "1 个工作日" in last.text
    assert "邮件" in last.text


def test_hours_may_wrap_past_midnight(settings):
    settings.CHAT_HOURS = "20:00-02:00"
    at = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 in Shanghai
    assert queue.in_service_hours(at)
    assert not queue.in_service_hours(at + dt.timedelta(hours=2))
    settings.CHAT_HOURS = ""
    assert queue.in_service_hours(at + dt.timedelta(hours=2))
    settings.CHAT_HOURS = "9-17h"  # a typo: logged, read as always open
    assert queue.in_service_hours(at + dt.timedelta(hours=2))


def test_an_agent_whose_heartbeat_stopped_counts_as_nobody(
    visitor_chat, online_agent, moving_clock
):
    agent = online_agent()
    moving_clock.advance(queue.PRESENCE_FRESH_SECONDS + 1)
    conversation = joined(visitor_chat, problem_type="fees_limits", language="en")
    assert conversation.state == ConversationState.LEFT_MESSAGE
    assert "email" in conversation.entries.order_by("-seq").first().text
    presence_seen(user=agent)  # the console is back
    assert queue.anyone_online(team_id=conversation.team_id, language="zh-hans")
    moving_clock.advance(queue.PRESENCE_FRESH_SECONDS + 1)
    assert presence_expire() == 1
    assert AgentPresence.objects.get(user=agent).status == Presence.OFFLINE


def test_the_sweep_assigns_what_waits_and_expires_silent_agents(
    visitor_chat, online_agent, moving_clock
):
    busy = online_agent(capacity=1)
    helper = online_agent(capacity=1)
    joined(visitor_chat, problem_type="fees_limits")
    joined(visitor_chat, problem_type="fees_limits")
    waiting = joined(visitor_chat, problem_type="fees_limits")
    assert waiting.state == ConversationState.QUEUED
    AgentPresence.objects.filter(user=helper).update(capacity=2)  # room, but no nudge
    moving_clock.advance(30)
    presence_seen(user=helper)
    sweep_chats.call_local()
    waiting.refresh_from_db()
    assert waiting.agent == helper
    moving_clock.advance(queue.PRESENCE_FRESH_SECONDS)
    sweep_chats.call_local()
    assert AgentPresence.objects.get(user=busy).status == Presence.OFFLINE
    assert AgentPresence.objects.get(user=helper).status == Presence.ONLINE


def test_waiting_customers_hear_when_their_place_changes(visitor_chat, online_agent, commit, bus):
    online_agent(capacity=1)
    active = commit(joined, visitor_chat=visitor_chat, problem_type="payment_method")
    second = commit(joined, visitor_chat=visitor_chat, problem_type="payment_method")
    third = commit(joined, visitor_chat=visitor_chat, problem_type="payment_method")
    assert bus.of(third)[-1]["kind"] == "queue"
    assert bus.of(third)[-1]["position"] == 2
    assert bus.frames(chatbus.queue_topic("frontline"))[-1] == {"kind": "queue.changed"}
    bus.clear()
    commit(chat_close, conversation=active)
    second.refresh_from_db()
    assert second.state == ConversationState.ACTIVE
    assigned = bus.frames(chatbus.agent_topic(second.agent_id))
    assert assigned == [{"kind": "chat.assigned", "conversation": second.key}]
    third_frames = [f for f in bus.of(third) if f["kind"] == "queue"]
    assert third_frames[-1]["position"] == 1
    assert not [f for f in bus.of(active) if f["kind"] == "queue"]


def test_peak_is_an_estimate_over_the_threshold(visitor_chat, online_agent, settings):
    settings.CHAT_PEAK_WAIT_SECONDS = 600
    online_agent(capacity=1)
    joined(visitor_chat, problem_type="fees_limits")
    line = [joined(visitor_chat, problem_type="fees_limits") for _n in range(3)]
    statuses = [queue_status(conversation=c) for c in line]
    # No history: the default handling time (360 s) per chat ahead, one place.
    assert [s.position for s in statuses] == [1, 2, 3]
    assert [s.wait_seconds for s in statuses] == [360, 720, 1080]
    assert [s.peak for s in statuses] == [False, True, True]
    assert all(s.open for s in statuses)


def test_assign_waiting_counts_what_it_assigned(visitor_chat, online_agent, make_user):
    online_agent(capacity=1)
    joined(visitor_chat, problem_type="fees_limits")
    joined(visitor_chat, problem_type="fees_limits")
    assert assign_waiting() == 0
    late = make_user(Role.AGENT, ("frontline",))
    AgentPresence.objects.create(
        user=late,
        status=Presence.ONLINE,
        capacity=1,
        languages=["zh-hans"],
        seen_at=queue.clock.now(),
    )
    assert assign_waiting() == 1


def test_chats_still_waiting_when_the_last_agent_leaves_become_messages(
    visitor_chat, online_agent, moving_clock, commit, bus
):
    agent = online_agent(capacity=1)
    joined(visitor_chat, problem_type="fees_limits")
    waiting = joined(visitor_chat, problem_type="fees_limits")
    assert waiting.state == ConversationState.QUEUED
    presence_set(user=agent, status=Presence.OFFLINE)
    commit(sweep_chats.call_local)
    waiting.refresh_from_db()
    assert waiting.state == ConversationState.LEFT_MESSAGE
    last = waiting.entries.order_by("-seq").first()
    assert last.data["state"] == ConversationState.LEFT_MESSAGE
    assert bus.of(waiting)[-1]["seq"] == last.seq
