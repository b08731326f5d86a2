"""Numbering under concurrent writers (PostgreSQL: SQLite has one writer at a time anyway)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from walletdesk.chat.models import Conversation, Entry
from walletdesk.chat.services import agent_say, chat_close, customer_say, queue_join

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


def _run(workers: int, job) -> list:
    start = threading.Barrier(workers)

    def work(n: int):
        try:
            start.wait()
            return job(n)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(work, range(workers)))


def test_concurrent_messages_both_ways_get_distinct_consecutive_numbers(visitor_chat, online_agent):
    agent = online_agent(capacity=5)
    conversation = visitor_chat(problem_type="fees_limits")
    queue_join(conversation=conversation)
    conversation = Conversation.objects.get(pk=conversation.pk)
    before = conversation.last_seq
    workers = 8

    def say(n: int) -> int:
        fresh = Conversation.objects.get(pk=conversation.pk)
        if n % 2:
            return agent_say(
                conversation=fresh, user=agent, text=f"agent {n}", client_id=f"a{n}"
            ).entry.seq
        return customer_say(conversation=fresh, text=f"customer {n}", client_id=f"c{n}").entry.seq

    seqs = _run(workers, say)
    assert sorted(seqs) == list(range(before + 1, before + workers + 1))
    stored = list(
        Entry.objects.filter(conversation=conversation)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert stored == list(range(1, before + workers + 1))
    conversation.refresh_from_db()
    assert conversation.last_seq == before + workers
    assert conversation.ticket.messages.filter(body__contains=" ").count() >= workers


def test_a_message_resent_concurrently_is_stored_once(visitor_chat, online_agent):
    online_agent()
    conversation = visitor_chat(problem_type="fees_limits")
    queue_join(conversation=conversation)

    def say(_n: int) -> tuple[int, bool]:
        fresh = Conversation.objects.get(pk=conversation.pk)
        said = customer_say(conversation=fresh, text="same words", client_id="dup-1")
        return said.entry.pk, said.created

    results = _run(4, say)
    assert len({pk for pk, _created in results}) == 1
    assert sorted(created for _pk, created in results) == [False, False, False, True]
    assert Entry.objects.filter(conversation=conversation, client_id="dup-1").count() == 1


def test_closing_and_joining_at_once_never_deadlock_nor_overfill_an_agent(
    visitor_chat, online_agent
):
    agents = [online_agent(capacity=2) for _n in range(3)]
    active = []
    for n in range(6):
        chat = visitor_chat(problem_type="fees_limits", visitor_contact=f"a{n}@example.com")
        queue_join(conversation=chat)
        active.append(Conversation.objects.get(pk=chat.pk))
    newcomers = [
        visitor_chat(problem_type="fees_limits", visitor_contact=f"b{n}@example.com")
        for n in range(6)
    ]

    def act(n: int) -> str:
        if n % 2:
            chat = Conversation.objects.get(pk=active[n].pk)
            chat_close(conversation=chat, by=chat.agent)
        else:
            queue_join(conversation=Conversation.objects.get(pk=newcomers[n].pk))
        return "ok"

    assert _run(6, act) == ["ok"] * 6
    # What a skipped lock left waiting, the pass after commit (the assign_chats task, run
    # inline in tests) has taken: no agent with room while a chat waits.
    for agent in agents:
        load = Conversation.objects.filter(agent=agent, state="active").count()
        assert load <= 2
    waiting = Conversation.objects.filter(state="queued").count()
    assert waiting == 0 or all(
        Conversation.objects.filter(agent=a, state="active").count() == 2 for a in agents
    )
