"""Events published by background tasks reach the sockets, in both modes: through Redis when
scaled, and from the embedded consumer's threads to the server's loop when embedded."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync

from tests.realtime.conftest import db, open_socket, portal_cookie, receive, run_async
from tests.runtime.queues import private_queue
from walletdesk.core.events import TicketUpdated, customer_group, send_event
from walletdesk.core.tasks_runtime import EmbeddedTasks
from walletdesk.realtime.layers import LoopSafeInMemoryChannelLayer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(tmp_path):
    huey = private_queue(tmp_path)
    yield huey
    huey.flush()


@run_async
async def test_an_event_sent_by_a_task_reaches_the_customers_socket(queue, customer):
    @queue.task()
    def nudge(customer_id: int) -> None:
        send_event([customer_group(customer_id)], TicketUpdated(ticket=7))

    tasks = EmbeddedTasks(queue, workers=1)
    communicator = await open_socket("/ws/portal/", cookie=await db(portal_cookie)(customer))
    tasks.start()
    try:
        nudge(customer.pk)
        assert await receive(communicator) == {"kind": "ticket.updated", "ticket": 7}
    finally:
        await db(tasks.stop)()
        await communicator.disconnect()


def test_loop_safe_layer_wakes_a_waiting_receiver_from_another_thread():
    layer = LoopSafeInMemoryChannelLayer()

    def publish_from_a_task_thread() -> None:  # as send_event does on a Huey worker thread
        async_to_sync(layer.group_send)("inbox", {"type": "walletdesk.event", "n": 1})

    async def scenario() -> dict:
        channel = await layer.new_channel()
        await layer.group_add("inbox", channel)
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0)  # the receiver is waiting on the server's loop
        sender = threading.Thread(target=publish_from_a_task_thread)
        sender.start()
        started = time.monotonic()
        message = await asyncio.wait_for(waiting, timeout=5)
        # Channels' own in-memory layer leaves the loop asleep: the message would only be
        # noticed when something else (here, the 5 s timeout) woke it.
        assert time.monotonic() - started < 1
        await asyncio.to_thread(sender.join)
        return message

    assert asyncio.run(scenario()) == {"type": "walletdesk.event", "n": 1}


def test_send_event_reaches_the_embedded_layer_without_an_event_loop_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request or task thread hands the event to the server's loop and goes on: no loop or
    thread is started for it, and it does not wait for the loop."""
    from walletdesk.core import events

    layer = LoopSafeInMemoryChannelLayer()
    monkeypatch.setattr(events, "get_channel_layer", lambda: layer)

    def no_async_to_sync(*args: object, **kwargs: object) -> None:
        raise AssertionError("send_event started an event loop")

    monkeypatch.setattr(events, "async_to_sync", no_async_to_sync)

    async def scenario() -> list[dict]:
        inbox, customer = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("inbox", inbox)
        await layer.group_add(customer_group(3), customer)
        event = TicketUpdated(ticket=7)
        sender = threading.Thread(target=send_event, args=(["inbox", customer_group(3)], event))
        sender.start()
        await asyncio.to_thread(sender.join)
        return [
            await asyncio.wait_for(layer.receive(inbox), timeout=5),
            await asyncio.wait_for(layer.receive(customer), timeout=5),
        ]

    first, second = asyncio.run(scenario())
    assert (first["group"], first["event"]["ticket"]) == ("inbox", 7)
    assert (second["group"], second["event"]["ticket"]) == (customer_group(3), 7)


def test_send_event_falls_back_to_the_loop_when_the_layer_has_no_running_home(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Members in this process but no running loop to hand them to (a test's own loops): the
    event goes through `group_send` as before, and still arrives."""
    from walletdesk.core import events

    layer = LoopSafeInMemoryChannelLayer()
    monkeypatch.setattr(events, "get_channel_layer", lambda: layer)
    async_to_sync(layer.group_add)("inbox", "inbox.local")

    send_event(["inbox"], TicketUpdated(ticket=9))

    message = async_to_sync(layer.receive)("inbox.local")
    assert message["event"]["ticket"] == 9
