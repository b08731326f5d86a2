"""The task queue for real: the storage the settings choose (SQLite embedded, Redis when
REDIS_URL is set), consumer threads started and stopped by walletdesk.core.tasks_runtime."""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.db import transaction
from huey import MemoryHuey

from tests.runtime.queues import private_queue
from walletdesk.core.oncommit import enqueue_on_commit
from walletdesk.core.tasks_runtime import (
    EmbeddedTasks,
    WithEmbeddedTasks,
    configured_huey,
    describe_storage,
)

ROUND_TRIP_SECONDS = 10


@pytest.fixture
def queue(tmp_path) -> Any:
    huey = private_queue(tmp_path)
    assert type(huey) is type(configured_huey())
    yield huey
    huey.flush()


def _register_add(huey: Any) -> Any:
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    return add


def test_a_task_round_trips_through_the_configured_storage(queue):
    add = _register_add(queue)
    tasks = EmbeddedTasks(queue, workers=2)
    tasks.start()
    try:
        assert tasks.running
        result = add(2, 3)
        assert result.get(blocking=True, timeout=ROUND_TRIP_SECONDS) == 5
    finally:
        tasks.stop()
    assert not tasks.running


def test_nothing_runs_once_stopped(queue):
    add = _register_add(queue)
    tasks = EmbeddedTasks(queue, workers=1)
    tasks.start()
    tasks.stop()
    tasks.stop()  # idempotent
    pending = add(1, 1)
    time.sleep(0.5)  # several polling intervals of a consumer that was still running
    assert queue.pending_count() == 1
    assert pending.get() is None


def test_embedded_consumer_leaves_the_servers_signal_handlers_alone(queue):
    watched = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    before = {sig: signal.getsignal(sig) for sig in watched}
    tasks = EmbeddedTasks(queue, workers=1)
    tasks.start()
    try:
        assert {sig: signal.getsignal(sig) for sig in watched} == before
    finally:
        tasks.stop()


def test_the_asgi_lifespan_starts_and_stops_the_consumer(queue):
    add = _register_add(queue)
    tasks = EmbeddedTasks(queue, workers=1)
    seen_by_app: list[str] = []

    async def app(scope, receive, send):
        seen_by_app.append(scope["type"])

    wrapped = WithEmbeddedTasks(app, tasks)

    async def lifespan() -> list[str]:
        incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
        sent: list[str] = []

        async def receive():
            message = next(incoming)
            if message["type"] == "lifespan.shutdown":
                # While the server runs, the consumer does its work.
                assert tasks.running
                assert add(20, 22).get(blocking=True, timeout=ROUND_TRIP_SECONDS) == 42
            return message

        async def send(message):
            sent.append(message["type"])

        await wrapped({"type": "lifespan"}, receive, send)
        await wrapped({"type": "http"}, receive, send)
        return sent

    sent = async_to_sync(lifespan)()
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert not tasks.running
    assert seen_by_app == ["http"]  # lifespan is the wrapper's; everything else passes through


def test_storage_is_described_without_credentials(queue):
    description = describe_storage(queue)
    assert queue.name in description
    assert "SQLite" in description or "Redis" in description
    assert "@" not in description  # no user:password@host


class BoomError(Exception):
    pass


def _enqueue_then_fail(task: Any) -> None:
    with transaction.atomic():
        enqueue_on_commit(task, "rolled back")
        raise BoomError


@pytest.mark.django_db
def test_enqueue_on_commit_runs_only_after_a_commit(django_capture_on_commit_callbacks):
    ran: list[str] = []
    huey = MemoryHuey("on-commit", immediate=True)  # the test settings' mode: tasks run inline

    @huey.task()
    def record(label: str) -> None:
        ran.append(label)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(BoomError),
    ):
        _enqueue_then_fail(record)
    assert callbacks == []
    assert ran == []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            enqueue_on_commit(record, "committed")
        assert ran == []  # the outer transaction has not committed yet
    assert len(callbacks) == 1
    assert ran == ["committed"]
