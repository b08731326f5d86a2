"""No loss, no duplicate, in order: a customer cut off mid-conversation gets what the agent sent
meanwhile once each when they come back; a frame the bus lost arrives anyway (the gap is read
from the database); and after Redis restarts, delivery resumes within 10 seconds by itself."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from walletdesk.core import chatbus
from walletdesk.identity.models import User
from walletdesk.realtime import chat_hub
from walletdesk.realtime.chat_hub import ChatHub
from walletdesk.realtime.chat_relay import RedisRelay, bus_channel
from walletdesk.realtime.chat_stream import ConversationStream, Outbox

from .chat_fixtures import (
    agent_says,
    around_the_clock,  # noqa: F401 - the autouse fixture
    chat_with,
    client_id,
    drain,
    frames_until,
    numbered,
    open_customer,
    run_chat,
)
from .chat_redis import PrivateRedis, private_redis  # noqa: F401 - the fixture
from .conftest import db

pytestmark = pytest.mark.django_db(transaction=True)
RESUME_SECONDS = 10


def messages(frames: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(f["seq"], f["text"]) for f in frames if f.get("kind") == "message"]


@run_chat
async def test_a_reconnecting_customer_gets_what_was_sent_meanwhile_once_each_in_order(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, hello = await open_customer(chat, since=0)
    shown = await frames_until(communicator, lambda f: len(numbered(f)) == hello["last_seq"])
    said = {"send": {"text": "我的提现一直没到", "client_id": client_id()}}
    await communicator.send_json_to(said)
    shown += await frames_until(communicator, lambda f: any(x.get("kind") == "ack" for x in f))
    first = await db(agent_says)(chat, agent, "请稍等，我看一下。")
    shown += await frames_until(communicator, lambda f: any(x.get("seq") == first for x in f))
    await communicator.disconnect()  # the phone loses its network

    sent = [await db(agent_says)(chat, agent, f"第{n}条：正在处理") for n in range(1, 4)]

    seen = max(numbered(shown))
    communicator, _hello = await open_customer(chat, since=seen)
    caught_up = await frames_until(communicator, lambda f: len(numbered(f)) == len(sent))
    assert messages(caught_up) == [(seq, f"第{n}条：正在处理") for n, seq in enumerate(sent, 1)]
    live = await db(agent_says)(chat, agent, "Done: the withdrawal is on its way.")
    caught_up += await frames_until(communicator, lambda f: any(x.get("seq") == live for x in f))
    caught_up += await drain(communicator)
    everything = numbered(shown) + numbered(caught_up)
    assert everything == sorted(set(everything))  # each once, in order
    assert everything == list(range(1, live + 1))  # and none missing
    await communicator.disconnect()


@run_chat
async def test_a_frame_the_bus_lost_is_read_back_from_the_database(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, _hello = await open_customer(chat, since=(await db(chat.refresh)()).last_seq)
    real_publish = chatbus.publish
    monkeypatch.setattr(chatbus, "publish", lambda topic, frame: None)  # the bus drops it
    lost = await db(agent_says)(chat, agent, "lost on the way")
    monkeypatch.setattr(chatbus, "publish", real_publish)
    after = await db(agent_says)(chat, agent, "and the next one")
    frames = await frames_until(communicator, lambda f: any(x.get("seq") == after for x in f))
    assert messages(frames) == [(lost, "lost on the way"), (after, "and the next one")]
    await communicator.disconnect()


@run_chat
async def test_a_quiet_socket_finds_what_the_bus_lost_at_the_next_sweep(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat_hub, "QUIET_SECONDS", 0.0)
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, _hello = await open_customer(chat, since=(await db(chat.refresh)()).last_seq)
    monkeypatch.setattr(chatbus, "publish", lambda topic, frame: None)
    lost = await db(agent_says)(chat, agent, "nobody heard this")
    assert await chat_hub.hub().sweep() == 1  # one socket behind the database
    frames = await frames_until(communicator, lambda f: any(x.get("seq") == lost for x in f))
    assert messages(frames) == [(lost, "nobody heard this")]
    assert await chat_hub.hub().sweep() == 0
    await communicator.disconnect()


def test_buffered_live_frames_and_the_replay_merge_without_gaps_or_repeats() -> None:
    """The race the subscribe-first order handles: frames published while the database is
    read arrive both ways; each is sent once, in order."""
    sent: list[str] = []

    async def send(message: Mapping[str, Any]) -> None:
        sent.append(message["text"])

    async def fetch(conversation_id: int, after: int) -> list[dict[str, Any]]:
        # While the socket reads, entries 4 and 5 are committed and published.
        stream.chat_frame('{"seq":4}', {"seq": 4, "kind": "message"})
        stream.chat_frame('{"kind":"typing"}', {"kind": "typing", "from": "agent"})
        stream.chat_frame('{"seq":5}', {"seq": 5, "kind": "message"})
        return [{"seq": n, "kind": "message"} for n in range(after + 1, 5)]  # the read saw 1-4

    async def scenario() -> None:
        global stream
        out = Outbox(send, lambda: None)
        stream = ConversationStream(
            conversation_id=1, side="customer", since=0, out=out, fetch=fetch
        )
        await stream.open()
        stream.chat_frame('{"seq":5}', {"seq": 5, "kind": "message"})  # a late duplicate
        stream.chat_frame('{"seq":6}', {"seq": 6, "kind": "message"})
        await out.flushed()

    asyncio.run(scenario())
    assert sent == [
        '{"seq":1,"kind":"message"}',
        '{"seq":2,"kind":"message"}',
        '{"seq":3,"kind":"message"}',
        '{"seq":4,"kind":"message"}',
        '{"kind":"typing"}',
        '{"seq":5}',
        '{"seq":6}',
    ]


stream: ConversationStream


class RemoteProcess:
    """Another server process's bus: it reaches this one through Redis only."""

    def __init__(self, url: str) -> None:
        self.relay = RedisRelay(url, bus_channel(url))
        self.hub = ChatHub(self.relay, None)  # no sockets, no loop: publishing only

    def __enter__(self) -> RemoteProcess:
        self.before = chatbus._bus
        chatbus.install(self.hub)
        return self

    def __exit__(self, *exc: object) -> None:
        chatbus.install(self.before)
        self.relay.close()


@run_chat
async def test_after_a_redis_restart_delivery_resumes_within_ten_seconds_without_loss(
    make_user: Callable[..., User],
    private_redis: PrivateRedis,  # noqa: F811 - the fixture
    settings: Any,
) -> None:
    settings.REDIS_URL = private_redis.url  # this process's hub subscribes to the private one
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, hello = await open_customer(chat, since=0)
    shown = await frames_until(communicator, lambda f: len(numbered(f)) == hello["last_seq"])
    relay = chat_hub.hub().relay
    assert isinstance(relay, RedisRelay)
    with RemoteProcess(private_redis.url):  # the agent writes on another server process
        before = await db(agent_says)(chat, agent, "before the restart")
        shown += await frames_until(communicator, lambda f: any(x.get("seq") == before for x in f))

        private_redis.stop()
        during = await db(agent_says)(chat, agent, "while Redis is down")  # published nowhere
        await communicator.disconnect()  # and the customer's connection drops meanwhile
        private_redis.start()
        restarted = time.monotonic()

        communicator, _hello = await open_customer(chat, since=max(numbered(shown)))
        after = await db(agent_says)(chat, agent, "after the restart")
        frames = await frames_until(communicator, lambda f: any(x.get("seq") == after for x in f))
        assert time.monotonic() - restarted < RESUME_SECONDS
        # Live again through Redis (not only by the database): one more, timed on its own.
        deadline = time.monotonic() + RESUME_SECONDS
        while relay.reconnects < 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert relay.reconnects >= 1
        sent_at = time.monotonic()
        last = await db(agent_says)(chat, agent, "live through Redis")
        frames += await frames_until(communicator, lambda f: any(x.get("seq") == last for x in f))
        assert time.monotonic() - sent_at < 2  # not waiting for a sweep
        frames += await drain(communicator)
    assert messages(frames) == [
        (during, "while Redis is down"),
        (after, "after the restart"),
        (last, "live through Redis"),
    ]
    everything = numbered(shown) + numbered(frames)
    assert everything == list(range(1, last + 1))  # none lost, none twice, in order
    await communicator.disconnect()
