"""The channel layer of the embedded mode: channels' in-memory layer, shared by every server
process on this machine and safe to publish to from other threads.

Across processes. `walletdesk serve` runs several worker processes; a socket lives in one of
them, the request or task that publishes an event in any. Each process keeps channels'
in-memory groups for its own sockets and listens on a Unix datagram socket in
`<data dir>/realtime/` (a folder only the owner can enter). `group_send` delivers to the local
groups and sends the message, as a small JSON datagram, to every sibling's socket; a sibling
delivers it to its local groups only. A message for one specific channel goes to the process
named in the channel's name. A sibling that died leaves a socket file nobody answers: the first
send that is refused removes it. Nothing here needs Redis; the scaled mode uses Redis instead.

Across threads. Channels' InMemoryChannelLayer belongs to one event loop: the server's, where
the sockets wait. A send from another thread (a task on one of the embedded Huey consumer's
threads, say) touches that loop's queues from outside it; the waiting socket is not woken, and
the message sits there until something else wakes the loop. This layer remembers the loop its
receivers run on and hands every send from elsewhere to that loop.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import stat
import tempfile
import time
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from channels.layers import InMemoryChannelLayer

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_SUFFIX = ".sock"
_MAX_DATAGRAM = 64 * 1024
_PATIENT_TRIES = 10  # about 50 ms in all, for a sender that may wait
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, fewer elsewhere
_TAG = re.compile(r"p[0-9]+x[0-9a-f]{8}")
# A datagram that starts with this byte is not a channels message but a raw one for the handler
# set with `on_raw` (the chat bus's pre-encoded frames); JSON datagrams start with "{".
RAW_MARK = b"\x1e"


def _default_directory() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "realtime"


def _usable_directory(directory: Path) -> Path:
    """`directory`, or a short stand-in under the temp folder when socket paths would not fit."""
    if len(str(directory)) + 40 <= _MAX_SOCKET_PATH:
        return directory
    digest = hashlib.sha256(str(directory).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"walletdesk-rt-{digest}"


def _ours(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except FileNotFoundError:  # a sibling that has just gone
        return False


class LoopSafeInMemoryChannelLayer(InMemoryChannelLayer):  # type: ignore[misc]  # untyped base
    def __init__(self, *args: Any, directory: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._home: asyncio.AbstractEventLoop | None = None
        self.directory = _usable_directory(Path(directory) if directory else _default_directory())
        # Names this process's socket and its channels; pid for people, random against reuse.
        self._tag = f"p{os.getpid()}x{secrets.token_hex(4)}"
        self._outbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._outbox.setblocking(False)
        self._inbox: socket.socket | None = None
        self._sockets: list[socket.socket] = [self._outbox]  # closed when the layer goes
        self._raw_handler: Callable[[bytes], None] | None = None
        self._missed_logged = 0.0
        self._missed_count = 0
        weakref.finalize(self, _close_all, self._sockets)

    # --- channels' layer API ------------------------------------------------------------------

    async def new_channel(self, prefix: str = "specific.") -> str:
        self._settle_home()
        return f"{prefix}.{self._tag}!{secrets.token_hex(6)}"

    async def receive(self, channel: str) -> Any:
        self._settle_home()
        return await super().receive(channel)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        owner = _owner_tag(channel)
        if owner is not None and owner != self._tag:
            self._post(self.directory / f"{owner}{_SUFFIX}", {"channel": channel, "m": message})
            return
        base = super().send
        await self._at_home(lambda: base(channel, message))

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._broadcast({"group": group, "m": message})
        await self._deliver_locally(group, message)

    def group_send_now(self, sends: list[tuple[str, dict[str, Any]]]) -> bool:
        """`group_send` of each (group, message) from sync code on any thread, without waiting:
        to the siblings at once, to this process's groups on the home loop. No event loop is
        started and no thread waits for one (a request or task thread would pay a round trip
        to the loop, or a fresh loop and thread, per group). False, having sent nothing, when
        this process has local members but no running home loop to hand them to: the caller
        then sends through `group_send`."""
        home = self._home
        running = home is not None and home.is_running() and not home.is_closed()
        if not running and any(self.groups.get(group) for group, _message in sends):
            return False
        siblings = self._siblings()
        for group, message in sends:
            envelope = {"group": group, "m": message}
            data = self._encode(envelope) if siblings else None
            if data is not None:
                for path in siblings:
                    self._transmit(path, data)
        if running and home is not None:
            base = super().group_send
            local = [(group, message) for group, message in sends if self.groups.get(group)]
            if local:
                home.call_soon_threadsafe(_deliver_all, home, base, local)
        return True

    async def group_add(self, group: str, channel: str) -> None:
        base = super().group_add
        await self._at_home(lambda: base(group, channel))

    async def group_discard(self, group: str, channel: str) -> None:
        base = super().group_discard
        await self._at_home(lambda: base(group, channel))

    async def flush(self) -> None:
        """Forget this process's channels and groups (the siblings keep theirs)."""
        base = super().flush
        await self._at_home(base)

    # --- raw datagrams (the chat bus) ----------------------------------------------------------

    def on_raw(self, handler: Callable[[bytes], None]) -> None:
        """Hand every raw datagram a sibling sends (`send_raw`) to `handler`, on the home loop,
        and listen on this loop now (a process whose sockets use no channel layer must still be
        found by its siblings). Call it on the loop the server's sockets run on."""
        self._raw_handler = handler
        self._settle_home()

    def send_raw(self, payload: bytes) -> None:
        """`payload` to every sibling process, now, from any thread; never waits."""
        if len(payload) + 1 > _MAX_DATAGRAM:
            logger.warning(
                "a raw realtime message of %d bytes reached this process only", len(payload)
            )
            return
        siblings = self._siblings()
        if siblings:
            data = RAW_MARK + payload
            # Off the event loop (a request's or a task's thread, a publishing process) a
            # sibling whose inbox is full is waited for a moment instead of losing the frame.
            patient = not _on_a_running_loop()
            for path in siblings:
                self._transmit(path, data, patient=patient)

    # --- this process -------------------------------------------------------------------------

    async def _at_home(self, operation: Callable[[], Awaitable[_T]]) -> _T:
        home = self._home
        here = asyncio.get_running_loop()
        if home is None or home is here or not home.is_running():
            return await operation()

        async def run() -> _T:
            return await operation()

        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(run(), home))

    async def _deliver_locally(self, group: str, message: dict[str, Any]) -> None:
        base = super().group_send
        await self._at_home(lambda: base(group, message))

    def _settle_home(self) -> None:
        """Called on the loop where this process's receivers wait: make it home and listen
        there for the siblings' messages."""
        loop = asyncio.get_running_loop()
        if self._home is loop and self._inbox is not None:
            return
        self._home = loop
        self._listen(loop)

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._inbox is not None:
            with contextlib.suppress(Exception):
                self._inbox.close()
            self._inbox = None
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(self.directory)
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
            raise PermissionError(f"{self.directory} is not a folder of this account")
        os.chmod(self.directory, 0o700)  # only this account may post events to the server
        path = self.directory / f"{self._tag}{_SUFFIX}"
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        inbox.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024 * 1024)
        inbox.bind(str(path))
        inbox.setblocking(False)
        loop.add_reader(inbox.fileno(), self._read_inbox, inbox, loop)
        self._inbox = inbox
        self._sockets.append(inbox)
        atexit.register(_remove, path)

    def _read_inbox(self, inbox: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                datagram = inbox.recv(_MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                loop.remove_reader(inbox.fileno())
                return
            if datagram[:1] == RAW_MARK:
                handler = self._raw_handler
                if handler is not None:
                    try:
                        handler(datagram[1:])
                    except Exception:  # one bad message must not stop the inbox
                        logger.exception("a raw realtime datagram was not handled")
                continue
            try:
                envelope = json.loads(datagram)
                message = envelope["m"]
                if "group" in envelope:
                    operation = super().group_send(str(envelope["group"]), message)
                else:
                    operation = super().send(str(envelope["channel"]), message)
            except (ValueError, KeyError, TypeError):
                logger.warning("ignored a malformed realtime datagram")
                continue
            loop.create_task(_quietly(operation))

    # --- the siblings -------------------------------------------------------------------------

    def _siblings(self) -> list[Path]:
        try:
            found = os.lstat(self.directory)
            # Only a folder of this account, closed to everyone else, holds our siblings: in
            # anyone else's folder a "sibling" could be a stranger listening to every event.
            if (
                not stat.S_ISDIR(found.st_mode)
                or found.st_uid != os.getuid()
                or found.st_mode & 0o077
            ):
                logger.warning("live events not shared: %s is not a private folder", self.directory)
                return []
            entries = list(os.scandir(self.directory))
        except FileNotFoundError:
            return []
        entries = [entry for entry in entries if _ours(entry)]
        own = f"{self._tag}{_SUFFIX}"
        return [
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(_SUFFIX) and entry.name != own
        ]

    def _broadcast(self, envelope: dict[str, Any]) -> None:
        siblings = self._siblings()
        if not siblings:
            return
        data = self._encode(envelope)
        if data is not None:
            for path in siblings:
                self._transmit(path, data)

    def _post(self, path: Path, envelope: dict[str, Any]) -> None:
        data = self._encode(envelope)
        if data is not None:
            self._transmit(path, data)

    def _encode(self, envelope: dict[str, Any]) -> bytes | None:
        try:
            data = json.dumps(envelope, separators=(",", ":")).encode()
        except (TypeError, ValueError):
            logger.warning("a realtime message that is not JSON reached this process only")
            return None
        if len(data) > _MAX_DATAGRAM:
            logger.warning("a realtime message of %d bytes reached this process only", len(data))
            return None
        return data

    def _transmit(self, path: Path, data: bytes, *, patient: bool = False) -> None:
        for attempt in range(_PATIENT_TRIES if patient else 1):
            try:
                self._outbox.sendto(data, str(path))
                return
            except BlockingIOError:
                if attempt + 1 < _PATIENT_TRIES and patient:
                    time.sleep(0.001 * (attempt + 1))
                    continue
                self._missed()  # the sibling is not keeping up: a lost nudge, not an error
                return
            except ConnectionRefusedError:  # its process is gone
                _remove(path)
                return
            except FileNotFoundError:
                return
            except OSError as exc:
                logger.warning("realtime event not passed to a sibling process: %s", exc.strerror)
                return

    def _missed(self) -> None:
        """Say so once a second at most: a burst must not become a flood of log lines."""
        now = time.monotonic()
        self._missed_count += 1
        if now - self._missed_logged >= 1.0:
            logger.warning("sibling server processes missed %d realtime events", self._missed_count)
            self._missed_logged, self._missed_count = now, 0


def _on_a_running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _owner_tag(channel: str) -> str | None:
    """The process tag inside a channel name this layer made (`specific..p123x…!…`)."""
    head, bang, _rest = channel.partition("!")
    if not bang:
        return None
    tag = head.rpartition(".")[2]
    return tag if _TAG.fullmatch(tag) else None


def _close_all(sockets: list[socket.socket]) -> None:
    for each in sockets:
        each.close()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _deliver_all(
    loop: asyncio.AbstractEventLoop,
    send: Callable[[str, dict[str, Any]], Awaitable[None]],
    sends: list[tuple[str, dict[str, Any]]],
) -> None:
    """On the home loop: start each local delivery, in order."""
    for group, message in sends:
        loop.create_task(_quietly(send(group, message)))


async def _quietly(operation: Awaitable[Any]) -> None:
    try:
        await operation
    except Exception:  # one full channel must not stop the others
        logger.exception("realtime delivery from a sibling process failed")
