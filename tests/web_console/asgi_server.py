"""The whole ASGI application (HTTP and websockets) on a free loopback port, for browser tests
that need live chat: pytest-django's live server speaks WSGI only, so it has no websockets.

Runs uvicorn in a thread of the test process, on the test database; nothing is downloaded."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

STARTUP_SECONDS = 15


class _Server(uvicorn.Server):
    """Closes, on its own loop, what the application opened there: the chat hub (its relay's
    Redis connections) and the channel layer's connection pools, so nothing is left dangling
    for the next test's loop."""

    async def shutdown(self, sockets: Any = None) -> None:
        from channels.layers import get_channel_layer

        from walletdesk.realtime import chat_hub

        await super().shutdown(sockets)
        await chat_hub.reset()
        close_pools = getattr(get_channel_layer(), "close_pools", None)
        if close_pools is not None:
            await close_pools()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def asgi_server() -> Iterator[str]:
    """Serve `walletdesk.config.asgi.application`; yields its base URL."""
    from walletdesk.assistant.engine import classifier
    from walletdesk.config.asgi import application

    classifier()  # trained before the first message, as `walletdesk serve` warms it up

    port = _free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the ASGI test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
