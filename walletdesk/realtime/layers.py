"""The channel layer of the embedded mode: channels' in-memory layer, made safe to publish to
from other threads.

Channels' InMemoryChannelLayer belongs to one event loop: the server's, where the sockets wait.
A send from another thread (a task on one of the embedded Huey consumer's threads, say) touches
that loop's queues from outside it; the waiting socket is not woken, and the message sits there
until something else wakes the loop. This layer remembers the loop its receivers run on and hands
every send from elsewhere to that loop. With Redis (the scaled mode) none of this is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from channels.layers import InMemoryChannelLayer

_T = TypeVar("_T")


class LoopSafeInMemoryChannelLayer(InMemoryChannelLayer):  # type: ignore[misc]  # untyped base
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._home: asyncio.AbstractEventLoop | None = None

    async def _at_home(self, operation: Callable[[], Awaitable[_T]]) -> _T:
        home = self._home
        here = asyncio.get_running_loop()
        if home is None or home is here or not home.is_running():
            return await operation()

        async def run() -> _T:
            return await operation()

        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(run(), home))

    async def receive(self, channel: str) -> Any:
        self._home = asyncio.get_running_loop()
        return await super().receive(channel)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        base = super().send
        await self._at_home(lambda: base(channel, message))

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        base = super().group_send
        await self._at_home(lambda: base(group, message))

    async def group_add(self, group: str, channel: str) -> None:
        base = super().group_add
        await self._at_home(lambda: base(group, channel))

    async def group_discard(self, group: str, channel: str) -> None:
        base = super().group_discard
        await self._at_home(lambda: base(group, channel))

    async def flush(self) -> None:
        base = super().flush
        await self._at_home(base)
