"""How chat frames reach the other server processes: one subscription per process.

Scaled (REDIS_URL): Redis pub/sub on one channel for the whole bus. Each process holds one
subscriber connection (`redis.asyncio`) for everything its sockets follow, and sees every
frame; a frame names its topic and its sender, and a process drops its own (it delivered them
already, without the round trip). The subscriber reconnects by itself, 0.2 s after a failure
and then doubling up to 2 s, so after a Redis restart frames flow again within about two
seconds of Redis answering; what was published meanwhile is read back from the database by
every socket at once (`ChatHub.resync_all`). Publishing from sync code (a service's commit, on
a request or task thread) uses a plain client with short timeouts and one retry on a fresh
connection; a publish that still fails is logged once per outage and dropped.

Embedded: the embedded channel layer's datagram sockets (realtime/layers.py `send_raw`), the
same way the product's other live events reach sibling processes, from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import redis
import redis.asyncio as aioredis
from channels.layers import get_channel_layer
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

from walletdesk.realtime.layers import LoopSafeInMemoryChannelLayer

if TYPE_CHECKING:
    from walletdesk.realtime.chat_hub import ChatHub, Relay

logger = logging.getLogger(__name__)

FIRST_BACKOFF = 0.2
MAX_BACKOFF = 2.0
PING_SECONDS = 3.0  # a silent subscriber asks Redis this often whether the line still works


def _split(payload: str) -> tuple[str, str] | None:
    topic, newline, text = payload.partition("\n")
    return (topic, text) if newline else None


class EmbeddedRelay:
    def __init__(self, layer: LoopSafeInMemoryChannelLayer) -> None:
        self.layer = layer
        self.hub: ChatHub | None = None

    def start(self, hub: ChatHub) -> None:
        self.hub = hub
        self.layer.on_raw(self._received)

    def _received(self, data: bytes) -> None:
        hub = self.hub
        found = _split(data.decode("utf-8", "replace"))
        if hub is not None and found is not None:
            hub.receive_payload(*found)

    def send(self, topic: str, text: str) -> None:
        self.layer.send_raw(f"{topic}\n{text}".encode())

    send_from_loop = send

    async def ready(self, timeout: float) -> bool:
        return True

    async def stop(self) -> None:
        self.hub = None


class RedisRelay:
    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.channel = channel
        self.tag = secrets.token_hex(6)  # this process, so it can drop its own frames
        self.hub: ChatHub | None = None
        self._connected = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None
        self._async_client: aioredis.Redis | None = None
        self._sync_client = redis.Redis.from_url(
            url,
            socket_timeout=1.0,
            socket_connect_timeout=1.0,
            retry=Retry(NoBackoff(), 1),  # one retry, on a new connection after a restart
            retry_on_error=[redis.ConnectionError, redis.TimeoutError],
        )
        self._failing = False
        self._lock = threading.Lock()
        self.reconnects = 0

    def _client_kwargs(self) -> dict[str, Any]:
        return {
            "socket_timeout": 5.0,
            "socket_connect_timeout": 1.0,
            "retry": Retry(NoBackoff(), 0),  # failures come to us: we resubscribe and resync
        }

    # --- receiving ----------------------------------------------------------------------------

    def start(self, hub: ChatHub) -> None:
        self.hub = hub
        self._connected = asyncio.Event()
        self._async_client = aioredis.Redis.from_url(self.url, **self._client_kwargs())
        self._listener = asyncio.get_running_loop().create_task(self._listen_forever())

    async def ready(self, timeout: float) -> bool:
        if self._connected.is_set():
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), timeout)
        return self._connected.is_set()

    async def _listen_forever(self) -> None:
        backoff = FIRST_BACKOFF
        first = True
        while True:
            connection = aioredis.Redis.from_url(self.url, **self._client_kwargs())
            pubsub = connection.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self._connected.set()
                if not first:
                    self.reconnects += 1
                    logger.warning("chat bus: Redis subscription restored")
                    if self.hub is not None:
                        self.hub.resync_all()
                first, backoff = False, FIRST_BACKOFF
                await self._pump(pubsub)
            except asyncio.CancelledError:
                raise
            except (redis.RedisError, OSError) as exc:
                if self._connected.is_set():
                    logger.warning("chat bus: Redis subscription lost (%s)", type(exc).__name__)
                self._connected.clear()
                first = False
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it bare
                with contextlib.suppress(Exception):
                    await connection.aclose()
            await asyncio.sleep(backoff)
            backoff = min(MAX_BACKOFF, backoff * 2)

    async def _pump(self, pubsub: Any) -> None:
        loop = asyncio.get_running_loop()
        last_heard = loop.time()
        while True:
            message = await pubsub.get_message(timeout=1.0)
            if message is None:
                if loop.time() - last_heard >= PING_SECONDS:
                    await pubsub.ping()
                    last_heard = loop.time()
                continue
            last_heard = loop.time()
            if message.get("type") == "message":
                self._received(message["data"])

    def _received(self, data: Any) -> None:
        if not isinstance(data, bytes):
            return
        tag, newline, rest = data.decode("utf-8", "replace").partition("\n")
        if not newline or tag == self.tag:
            return
        found = _split(rest)
        if found is not None and self.hub is not None:
            self.hub.receive_payload(*found)

    # --- sending ------------------------------------------------------------------------------

    def _payload(self, topic: str, text: str) -> bytes:
        return f"{self.tag}\n{topic}\n{text}".encode()

    def send(self, topic: str, text: str) -> None:
        try:
            self._sync_client.publish(self.channel, self._payload(topic, text))
        except (redis.RedisError, OSError) as exc:
            self._outage(exc)
        else:
            self._failing = False

    def send_from_loop(self, topic: str, text: str) -> None:
        client = self._async_client
        if client is not None:
            asyncio.get_running_loop().create_task(self._send_async(client, topic, text))

    async def _send_async(self, client: aioredis.Redis, topic: str, text: str) -> None:
        try:
            await client.publish(self.channel, self._payload(topic, text))
        except (redis.RedisError, OSError) as exc:
            self._outage(exc)

    def _outage(self, exc: BaseException) -> None:
        with self._lock:
            first, self._failing = not self._failing, True
        if first:
            logger.warning(
                "chat bus: Redis unreachable, frames go by database (%s)", type(exc).__name__
            )

    async def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        client, self._async_client = self._async_client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.aclose()
        self.hub = None

    def close(self) -> None:
        """Close the publishing client (from sync code, when the relay is dropped)."""
        with contextlib.suppress(Exception):
            self._sync_client.close()


def bus_channel(url: str) -> str:
    """One pub/sub channel per prefix and database number: Redis pub/sub ignores databases,
    and installations (or test runs) sharing a server must not hear each other's chats."""
    prefix = settings.CHANNEL_LAYERS.get("default", {}).get("CONFIG", {}).get("prefix", "wd")
    database = (urlsplit(url).path or "/0").lstrip("/") or "0"
    return f"{prefix}:chatbus:{database}"


def relay_from_settings() -> Relay | None:
    url = settings.REDIS_URL
    if url:
        return RedisRelay(url, bus_channel(url))
    layer = get_channel_layer()
    if isinstance(layer, LoopSafeInMemoryChannelLayer):
        return EmbeddedRelay(layer)
    return None  # one process only (a layer that cannot reach siblings)
