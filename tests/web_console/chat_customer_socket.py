"""The customer's side of a chat at websocket level (the frames the widget sends and hears),
for browser tests that watch the console: a reader thread keeps every frame it hears."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from websockets.sync.client import connect


class CustomerSocket:
    def __init__(self, base: str, *, key: str, token: str, since: int = 0) -> None:
        self.frames: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        url = base.replace("http://", "ws://") + "/ws/chat/"
        self._socket = connect(url, origin=base, open_timeout=10, legacy=True)
        self.send({"hello": {"conversation": key, "token": token, "since": since}})
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for text in self._socket:
                with self._lock:
                    self.frames.append(json.loads(text))
        except Exception:  # the socket closed: the test reads what came
            return

    def send(self, frame: dict[str, Any]) -> None:
        self._socket.send(json.dumps(frame, ensure_ascii=False))

    def say(self, text: str) -> str:
        client_id = str(uuid.uuid4())
        self.send({"send": {"text": text, "client_id": client_id}})
        return client_id

    def wait_for(
        self, seconds: float = 15.0, pause: Callable[[], object] | None = None, **match: Any
    ) -> dict[str, Any]:
        """The first frame heard whose fields include `match` (waiting up to `seconds`).
        `pause` waits a moment instead of sleeping: a Playwright page's wait, so that the
        browser's event loop (its routes, its events) keeps running meanwhile."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                for frame in self.frames:
                    if all(frame.get(name) == value for name, value in match.items()):
                        return frame
            if pause is not None:
                pause()
            else:
                time.sleep(0.05)
        raise AssertionError(f"no frame {match}; heard {self.frames}")

    def close(self) -> None:
        self._socket.close()
