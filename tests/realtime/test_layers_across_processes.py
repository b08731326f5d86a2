"""The embedded channel layer between server processes: two layers on one data directory stand
for two worker processes; what one sends, the other's sockets receive, through the datagram
sockets in `<data dir>/realtime/` (the multi-worker server test does the same between real
processes)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import stat
import tempfile
from pathlib import Path

from walletdesk.realtime.layers import LoopSafeInMemoryChannelLayer

TIMEOUT = 5


def test_group_send_reaches_the_sibling_and_a_specific_channel_its_owner(tmp_path) -> None:
    here = LoopSafeInMemoryChannelLayer(directory=str(tmp_path))
    there = LoopSafeInMemoryChannelLayer(directory=str(tmp_path))

    async def scenario() -> None:
        channel = await there.new_channel()  # a socket held by the other process
        await there.group_add("inbox", channel)
        await here.group_send("inbox", {"type": "walletdesk.event", "event": {"ticket": 7}})
        message = await asyncio.wait_for(there.receive(channel), TIMEOUT)
        assert message == {"type": "walletdesk.event", "event": {"ticket": 7}}
        await here.send(channel, {"type": "walletdesk.event", "event": {"ticket": 8}})
        message = await asyncio.wait_for(there.receive(channel), TIMEOUT)
        assert message["event"] == {"ticket": 8}

    asyncio.run(scenario())
    assert here.directory == there.directory
    assert stat.S_IMODE(here.directory.stat().st_mode) == 0o700  # nobody else may post events


def test_a_dead_siblings_socket_is_removed_and_does_not_stop_delivery(tmp_path) -> None:
    layer = LoopSafeInMemoryChannelLayer(directory=str(tmp_path))
    layer.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    dead = layer.directory / "p999999x0123abcd.sock"
    gone = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    gone.bind(str(dead))
    gone.close()  # the file stays, nobody listens: what a killed worker leaves behind

    async def scenario() -> dict:
        channel = await layer.new_channel()
        await layer.group_add("inbox", channel)
        await layer.group_send("inbox", {"type": "walletdesk.event", "n": 1})
        return await asyncio.wait_for(layer.receive(channel), TIMEOUT)

    assert asyncio.run(scenario()) == {"type": "walletdesk.event", "n": 1}
    assert not dead.exists()


def test_a_malformed_datagram_is_ignored(tmp_path) -> None:
    layer = LoopSafeInMemoryChannelLayer(directory=str(tmp_path))

    async def scenario() -> dict:
        channel = await layer.new_channel()
        await layer.group_add("inbox", channel)
        inbox = next(layer.directory.glob("*.sock"))
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as stranger:
            stranger.sendto(b"\xff not json", str(inbox))
            stranger.sendto(b'{"group": "inbox"}', str(inbox))
        await asyncio.sleep(0.1)
        await layer.group_send("inbox", {"type": "walletdesk.event", "n": 2})
        return await asyncio.wait_for(layer.receive(channel), TIMEOUT)

    assert asyncio.run(scenario()) == {"type": "walletdesk.event", "n": 2}


def test_a_sender_shares_no_event_through_a_folder_others_can_enter() -> None:
    """A process that only sends (a worker, a command) must not post events into a folder
    someone else could have made: a "sibling" there could be a stranger listening."""
    folder = Path(tempfile.mkdtemp(prefix="wdrt-"))  # short: socket paths must fit
    folder.chmod(0o777)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(folder / "p1x00000000.sock"))
    listener.setblocking(False)
    sender = LoopSafeInMemoryChannelLayer(directory=str(folder))
    assert sender.directory == folder
    asyncio.run(sender.group_send("inbox", {"type": "walletdesk.event", "event": {"ticket": 42}}))
    try:
        received = listener.recv(65536)
    except BlockingIOError:
        received = b""
    listener.close()
    assert received == b""
    folder.chmod(0o700)  # the same folder, private: the event goes through
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    (folder / "p1x00000000.sock").unlink()
    listener.bind(str(folder / "p1x00000000.sock"))
    asyncio.run(sender.group_send("inbox", {"type": "walletdesk.event", "event": {"ticket": 42}}))
    listener.settimeout(TIMEOUT)
    try:
        assert b"42" in listener.recv(65536)
    finally:
        listener.close()
        shutil.rmtree(folder)
