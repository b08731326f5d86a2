"""The chat bus below the sockets: one hub per process, a frame encoded once and handed as the
same text to every local socket, from any thread; across processes through the embedded layer's
datagrams, or Redis pub/sub that finds its way back by itself after Redis restarts."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from walletdesk.core import chatbus
from walletdesk.realtime.chat_hub import ChatHub
from walletdesk.realtime.chat_relay import EmbeddedRelay, RedisRelay
from walletdesk.realtime.layers import LoopSafeInMemoryChannelLayer

from .chat_redis import PrivateRedis, private_redis  # noqa: F401 - the fixture

TIMEOUT = 10


class Ear:
    """A stand-in socket: keeps what it was handed."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.frames: list[Mapping[str, Any]] = []
        self.arrived = asyncio.Event()

    def chat_frame(self, text: str, frame: Mapping[str, Any]) -> None:
        self.texts.append(text)
        self.frames.append(frame)
        self.arrived.set()

    async def next(self) -> Mapping[str, Any]:
        await asyncio.wait_for(self.arrived.wait(), TIMEOUT)
        self.arrived.clear()
        return self.frames[-1]


def in_thread(fn: Any) -> None:
    worker = threading.Thread(target=fn)
    worker.start()
    worker.join()


def test_a_frame_from_another_thread_is_encoded_once_for_every_socket() -> None:
    hub = ChatHub(relay=None, latest_seqs=None)

    async def scenario() -> None:
        ears = [Ear() for _ in range(3)]
        for ear in ears:
            hub.subscribe("chat.1", ear)
        elsewhere = Ear()
        hub.subscribe("chat.2", elsewhere)
        frame = {"seq": 1, "kind": "message", "text": "你好"}
        in_thread(lambda: hub.publish_text("chat.1", chatbus.encode_frame(frame), frame))
        for ear in ears:
            assert await ear.next() == frame
        assert ears[0].texts == ['{"seq":1,"kind":"message","text":"你好"}']
        # Not three encodings of the frame: the one string, handed to each socket.
        assert ears[0].texts[0] is ears[1].texts[0] is ears[2].texts[0]
        assert elsewhere.texts == []
        hub.unsubscribe("chat.1", ears[0])
        hub.publish_text("chat.1", '{"kind":"typing"}', {"kind": "typing"})  # on the loop
        assert ears[1].texts[-1] == '{"kind":"typing"}'
        assert len(ears[0].texts) == 1

    asyncio.run(scenario())


def test_publish_goes_through_the_installed_bus_and_never_raises() -> None:
    class Broken:
        def publish_text(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
            raise ConnectionError("gone")

    seen: list[tuple[str, str]] = []

    class Keeps:
        def publish_text(self, topic: str, text: str, frame: Mapping[str, Any]) -> None:
            seen.append((topic, text))

    before = chatbus._bus
    try:
        chatbus.install(Broken())
        chatbus.publish("chat.1", {"kind": "typing"})  # logged, not raised
        chatbus.install(Keeps())
        chatbus.publish(chatbus.conversation_topic(9), {"kind": "read", "seq": 3})
        assert seen == [("chat.9", '{"kind":"read","seq":3}')]
    finally:
        chatbus.install(before)


def test_the_embedded_layer_carries_frames_to_the_sibling_process(tmp_path: Path) -> None:
    # Two hubs on two layers of one data directory stand for two server processes.
    here = ChatHub(EmbeddedRelay(LoopSafeInMemoryChannelLayer(directory=str(tmp_path))), None)
    there = ChatHub(EmbeddedRelay(LoopSafeInMemoryChannelLayer(directory=str(tmp_path))), None)

    async def scenario() -> None:
        local, remote = Ear(), Ear()
        here.subscribe("chat.5", local)
        there.subscribe("chat.5", remote)
        frame = {"seq": 4, "kind": "message", "text": "Hello"}
        in_thread(lambda: here.publish_text("chat.5", chatbus.encode_frame(frame), frame))
        assert await remote.next() == frame
        assert await local.next() == frame
        await asyncio.sleep(0.05)
        assert len(remote.texts) == len(local.texts) == 1  # once each

    asyncio.run(scenario())


def test_redis_delivery_resumes_within_ten_seconds_of_a_restart(
    private_redis: PrivateRedis,  # noqa: F811 - the fixture
) -> None:
    sender = RedisRelay(private_redis.url, "test:chatbus")
    receiver = RedisRelay(private_redis.url, "test:chatbus")
    here, there = ChatHub(sender, None), ChatHub(receiver, None)
    resynced = threading.Event()
    there.resync_all = resynced.set  # type: ignore[method-assign]  # observe the catch-up call

    async def publish_until_heard(ear: Ear, n: int) -> float:
        start = time.monotonic()
        frame = {"seq": n, "kind": "message", "text": f"after {n}"}
        while time.monotonic() - start < TIMEOUT:
            await asyncio.to_thread(here.publish_text, "chat.3", chatbus.encode_frame(frame), frame)
            try:
                await asyncio.wait_for(ear.arrived.wait(), 0.25)
            except TimeoutError:
                continue
            ear.arrived.clear()
            return time.monotonic() - start
        raise AssertionError("no delivery within 10 s")

    async def scenario() -> None:
        ear = Ear()
        here.subscribe("chat.3", Ear())
        there.subscribe("chat.3", ear)
        assert await there.ready(TIMEOUT)
        await publish_until_heard(ear, 1)
        assert ear.frames[-1]["seq"] == 1
        private_redis.restart()
        waited = await publish_until_heard(ear, 2)
        assert waited < TIMEOUT
        assert ear.frames[-1]["seq"] == 2
        assert receiver.reconnects == 1
        assert resynced.is_set()  # its sockets were told to read what they missed
        await here.stop()
        await there.stop()

    try:
        asyncio.run(scenario())
    finally:
        sender.close()
        receiver.close()
