"""The two yardsticks of `make bench SCENARIO=chat`, each a server process of its own that the
same load clients (bench/chat_clients.py) connect to:

- `raw`: a bare `websockets` server. It answers `hello` and `watch` as the product does (so the
  clients are the same), keeps conversation → connections, and broadcasts each frame with
  `websockets.broadcast` from a publisher on its own loop: the ceiling of this machine.
- `groups`: the plain channels approach — a consumer per socket that joins a channel-layer
  group per conversation and encodes each frame for each socket, under uvicorn, the frames sent
  by `group_send` from the publisher process through the embedded layer (the same datagrams as
  the product's bus). No authentication: only the fan-out is compared.

`python bench/chat_servers.py raw|groups <port>`; stdin takes the publisher's commands for
`raw` (see bench/chat.py `publish_loop`).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def raw(port: int) -> None:
    from websockets.asyncio.server import ServerConnection, broadcast, serve

    sys.path.insert(0, str(ROOT))
    from bench.chat_publish import Publisher

    topics: dict[str, set[ServerConnection]] = {}

    async def handler(ws: ServerConnection) -> None:
        joined: list[str] = []
        try:
            async for message in ws:
                command = json.loads(message)
                if "hello" in command:
                    key = command["hello"]["conversation"]
                    await ws.send(json.dumps({"kind": "hello", "conversation": key}))
                elif "watch" in command:
                    key = command["watch"]
                    await ws.send(json.dumps({"kind": "hello", "conversation": key}))
                else:
                    continue
                topics.setdefault(key, set()).add(ws)
                joined.append(key)
        finally:
            for key in joined:
                topics.get(key, set()).discard(ws)

    async def main() -> None:
        loop = asyncio.get_running_loop()

        def send(key: str, text: str) -> None:
            broadcast(topics.get(key, ()), text)

        publisher = Publisher(lambda key, text, frame: loop.call_soon_threadsafe(send, key, text))
        # Like `walletdesk serve`: no permessage-deflate.
        async with serve(handler, "127.0.0.1", port, max_queue=None, compression=None):
            print(json.dumps({"ready": True}), flush=True)
            await asyncio.to_thread(publisher.serve_stdin)

    import uvloop

    uvloop.run(main())


def groups(port: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import uvicorn
    from channels.generic.websocket import AsyncWebsocketConsumer
    from channels.routing import URLRouter
    from django.urls import path

    class GroupConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
        async def receive(self, text_data: str | None = None, bytes_data: Any = None) -> None:
            command = json.loads(text_data or "{}")
            key = command["hello"]["conversation"] if "hello" in command else command["watch"]
            await self.channel_layer.group_add(f"benchchat.{key}", self.channel_name)
            await self.send(text_data=json.dumps({"kind": "hello", "conversation": key}))

        async def chat_frame(self, message: dict[str, Any]) -> None:
            await self.send(text_data=json.dumps(message["frame"]))

    app = URLRouter(
        [
            path("ws/chat/", GroupConsumer.as_asgi()),
            path("ws/chat/agent/", GroupConsumer.as_asgi()),
        ]
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            ws_per_message_deflate=False,  # as `walletdesk serve`
        )
    )

    def ready() -> None:
        while not server.started:
            threading.Event().wait(0.05)
        print(json.dumps({"ready": True}), flush=True)

    threading.Thread(target=ready, daemon=True).start()
    server.run()


if __name__ == "__main__":
    {"raw": raw, "groups": groups}[sys.argv[1]](int(sys.argv[2]))
