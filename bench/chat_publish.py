"""The publisher of `make bench SCENARIO=chat`: numbered message frames, each stamped with the
time it is published (`bench`: time.monotonic(), one clock for every process of the machine).

One command per stdin line, one JSON answer per line:
- `{"op": "setup", "conversations": [[id, key, last_seq], …]}`
- `{"op": "publish", "rate": frames per second (0: as fast as possible), "count": n}` →
  `{"published": n, "seconds": s}`; frames go round the conversations, each numbered one past
  the last, so every socket takes them as live news in order.

`python bench/chat_publish.py product` publishes through the product's bus
(`core.chatbus.publish`, from this process: the embedded layer's datagrams to the server —
what a task thread or a sibling worker process does); `groups` through the channel layer's
`group_send_now`, for the plain channels consumer (bench/chat_servers.py).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEXT = "您好，我们已收到您的充值记录，正在与银行核实，请稍候。We are checking it now."
TICK = 0.005

Send = Callable[[str, str, dict[str, Any]], None]


class Publisher:
    def __init__(
        self, send: Send, *, topic_of: Callable[[int, str], str] | None = None, encode: bool = True
    ) -> None:
        self.send = send
        self.encode = encode  # the product's bus encodes the frame itself
        self.topic_of = topic_of or (lambda _id, key: key)
        self.conversations: list[list[Any]] = []

    def publish(self, rate: float, count: int) -> dict[str, Any]:
        conversations = self.conversations
        at = datetime.now(UTC).isoformat()
        start = time.monotonic()
        per_tick = max(1, int(rate * TICK)) if rate else count
        sent = 0
        while sent < count:
            for _ in range(min(per_tick, count - sent)):
                conversation = conversations[sent % len(conversations)]
                conversation[2] += 1
                frame = {
                    "seq": conversation[2],
                    "kind": "message",
                    "author": "agent",
                    "name": "Bench",
                    "text": TEXT,
                    "at": at,
                    "bench": time.monotonic(),
                }
                text = (
                    json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
                    if self.encode
                    else ""
                )
                self.send(self.topic_of(conversation[0], conversation[1]), text, frame)
                sent += 1
            if rate:
                due = start + sent / rate
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
        return {"published": sent, "seconds": time.monotonic() - start}

    def serve_stdin(self) -> None:
        for line in sys.stdin:
            command = json.loads(line)
            if command["op"] == "setup":
                self.conversations = [list(c) for c in command["conversations"]]
                reply: dict[str, Any] = {"ok": True}
            elif command["op"] == "publish":
                reply = self.publish(float(command["rate"]), int(command["count"]))
            else:
                return
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()


def main(mode: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if mode == "product":
        from walletdesk.core import chatbus

        def product(topic: str, text: str, frame: dict[str, Any]) -> None:
            chatbus.publish(topic, frame)  # the product's one way: it encodes the frame itself

        publisher = Publisher(
            product, topic_of=lambda pk, _key: chatbus.conversation_topic(pk), encode=False
        )
    else:
        from channels.layers import get_channel_layer

        layer = get_channel_layer()

        def group(topic: str, text: str, frame: dict[str, Any]) -> None:
            layer.group_send_now([(f"benchchat.{topic}", {"type": "chat.frame", "frame": frame})])

        publisher = Publisher(group, encode=False)
    print(json.dumps({"ready": True}), flush=True)
    publisher.serve_stdin()


if __name__ == "__main__":
    main(sys.argv[1])
