"""Load clients of `make bench SCENARIO=chat`, one process per slice of the sockets.

`python bench/chat_clients.py` reads one JSON command per line on stdin and answers one JSON
line on stdout:

- `{"op": "open", "url", "customers": [[key, token, since], …], "agents": [[cookie,
  [[key, since], …]], …], "origin"}` opens every socket, authenticates it (customers: `hello`;
  agents: `watch` of each conversation) and waits for every `hello` back; answers how many.
- `{"op": "mark"}` starts counting; `{"op": "report"}` answers `received` (every frame that
  carried a `bench` stamp since the mark), `latencies_ms` (publish → receive, one clock), and
  `malformed` (frames that were not JSON objects: must be 0).
- `{"op": "close"}` closes every socket and exits.

Every frame is received and parsed (`json.loads`) — the clients do the work a browser does.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

BATCH = 100


class Clients:
    def __init__(self) -> None:
        self.sockets: list[ClientConnection] = []
        self.counting = False
        self.received = 0
        self.malformed = 0
        self.latencies: list[float] = []
        self.first_stamp = float("inf")
        self.last_at = 0.0
        self.errors: list[str] = []

    async def _listen(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                now = time.monotonic()
                try:
                    frame = json.loads(raw)
                except ValueError:
                    self.malformed += 1
                    continue
                if not isinstance(frame, dict):
                    self.malformed += 1
                    continue
                stamp = frame.get("bench")
                if stamp is not None and self.counting:
                    self.received += 1
                    self.latencies.append((now - stamp) * 1000)
                    self.first_stamp = min(self.first_stamp, stamp)
                    self.last_at = now
        except Exception as exc:  # a socket the server closed: reported, not hidden
            self.errors.append(type(exc).__name__)

    async def _customer(self, url: str, origin: str, key: str, token: str, since: int) -> None:
        ws = await connect(
            url + "/ws/chat/",
            origin=origin,  # type: ignore[arg-type]  # websockets wants its Origin type
            open_timeout=60,
            max_queue=None,
            ping_interval=None,  # the server's keepalive is enough; a widget sends none
        )
        await ws.send(json.dumps({"hello": {"conversation": key, "token": token, "since": since}}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if frame.get("kind") == "hello":
                break
            if frame.get("kind") == "error":
                raise RuntimeError(f"customer refused: {frame}")
        self.sockets.append(ws)
        asyncio.get_running_loop().create_task(self._listen(ws))

    async def _agent(self, url: str, origin: str, cookie: str, watches: list[list[Any]]) -> None:
        ws = await connect(
            url + "/ws/chat/agent/",
            origin=origin,  # type: ignore[arg-type]  # websockets wants its Origin type
            additional_headers={"Cookie": cookie},
            open_timeout=60,
            max_queue=None,
            ping_interval=None,
        )
        for key, since in watches:
            await ws.send(json.dumps({"watch": key, "since": since}))
        pending = {key for key, _since in watches}
        while pending:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if frame.get("kind") == "hello":
                pending.discard(frame.get("conversation"))
            elif frame.get("kind") == "error":
                raise RuntimeError(f"agent refused: {frame}")
        self.sockets.append(ws)
        asyncio.get_running_loop().create_task(self._listen(ws))

    async def open(self, command: dict[str, Any]) -> dict[str, Any]:
        url, origin = command["url"], command["origin"]
        jobs = [self._customer(url, origin, *c) for c in command.get("customers", [])]
        jobs += [self._agent(url, origin, cookie, w) for cookie, w in command.get("agents", [])]
        for start in range(0, len(jobs), BATCH):
            await asyncio.gather(*jobs[start : start + BATCH])
        return {"open": len(self.sockets)}

    def report(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "latencies_ms": self.latencies,
            "malformed": self.malformed,
            "first_stamp": self.first_stamp if self.received else None,
            "last_at": self.last_at if self.received else None,
            "errors": len(self.errors),
            "open": len(self.sockets),
        }

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        self.sockets.clear()


async def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    clients = Clients()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=256 * 1024 * 1024)  # the open command is long
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        command = json.loads(line)
        op = command["op"]
        if op == "open":
            reply = await clients.open(command)
        elif op == "mark":
            clients.counting, clients.received, clients.latencies = True, 0, []
            clients.first_stamp, clients.last_at = float("inf"), 0.0
            reply = {"marked": True}
        elif op == "report":
            reply = clients.report()
        else:
            await clients.close()
            reply = {"closed": True}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        if op == "close":
            return


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.run(main())
    except ImportError:
        asyncio.run(main())
