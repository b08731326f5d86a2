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
