"""Servers for the widget's browser tests, in this process (so they share the test database):
the whole ASGI application under uvicorn (HTTP and websockets, which Django's live server
cannot do), and a tiny page on another origin that embeds the widget with its script tag."""

from __future__ import annotations

import asyncio
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn

from tests.runtime.processes import free_port


@dataclass(frozen=True)
class Served:
    url: str
    port: int


def asgi_server() -> Iterator[Served]:
    from walletdesk.assistant.engine import classifier
    from walletdesk.config.asgi import application

    classifier()  # trained before the first message, as `walletdesk serve` warms it up

    port = free_port()
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="chat-asgi", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert thread.is_alive(), "uvicorn stopped while starting"
        time.sleep(0.05)
    try:
        yield Served(url=f"http://127.0.0.1:{port}", port=port)
    finally:
        _close_chat_hub()
        server.should_exit = True
        thread.join(timeout=10)


def _close_chat_hub() -> None:
    """Stop this server's chat hub on its own loop before the loop goes (its Redis
    connections would be left open), so the next server starts a fresh one."""
    from walletdesk.realtime import chat_hub

    found = chat_hub.ChatHub.instance
    home = getattr(found, "home", None)
    if home is not None and home.is_running():
        asyncio.run_coroutine_threadsafe(chat_hub.reset(), home).result(timeout=10)
        return
    worker = threading.Thread(target=lambda: asyncio.run(chat_hub.reset()), name="hub-reset")
    worker.start()
    worker.join(timeout=10)


HOST_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop that embeds the chat</title></head>
<body><h1>Shop</h1><p>Somebody else's page.</p>
<script src="{desk}/chat/embed.js" data-lang="{lang}" async></script>
</body></html>
"""


def host_page_server(desk: str, lang: str) -> Iterator[Served]:
    """A page on http://localhost:<port> (another origin than the desk's 127.0.0.1)."""
    body = HOST_PAGE.format(desk=desk, lang=lang).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, name="host-page", daemon=True)
    thread.start()
    try:
        yield Served(url=f"http://localhost:{port}/", port=port)
    finally:
        httpd.shutdown()
        httpd.server_close()
