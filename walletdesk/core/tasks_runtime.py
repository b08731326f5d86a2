"""Running the task queue (huey, configured by settings.HUEY through huey.contrib.djhuey).

Two ways, one queue:
- embedded (`walletdesk serve` when settings.TASKS_EMBEDDED): consumer threads inside the web
  server process, started and stopped with it through the ASGI lifespan (`WithEmbeddedTasks`);
- foreground (`walletdesk worker`): a process of its own, as many as the storage allows.

`walletdesk serve` runs several server processes; exactly one of them consumes at a time. Each
process stands as a candidate for an exclusive `flock` on `<data dir>/tasks.consumer.lock`; the
one that holds it runs the consumer (and so the periodic tasks, once). The kernel drops the lock
when its holder exits, however it exits, and a waiting candidate takes over within a second.

Embedded consumers leave the process's signals alone: the ASGI server owns SIGINT/SIGTERM and
stops the consumer on its way out. Huey's stock consumer would take them over (and restart the
whole process on SIGHUP), which is right for a worker and wrong inside uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from huey.consumer import Consumer, ConsumerStopped

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def configured_huey() -> Any:
    """The project's Huey instance (built by djhuey from settings.HUEY)."""
    from huey.contrib.djhuey import HUEY

    return HUEY


def describe_storage(huey: Any) -> str:
    """Where a Huey instance keeps its queue, for people to read. Never includes credentials."""
    storage = huey.storage
    filename = getattr(storage, "filename", None)
    if filename:
        return f"SQLite {filename} (queue {huey.name!r})"
    pool = getattr(getattr(storage, "conn", None), "connection_pool", None)
    if pool is not None:
        kwargs = pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
        return f"Redis {where} db {kwargs.get('db', 0)} (queue {huey.name!r})"
    return f"{type(storage).__name__} (queue {huey.name!r})"


def consumer_options(*, workers: int | None = None) -> dict[str, Any]:
    """Consumer options from settings.HUEY["consumer"], always thread workers."""
    options: dict[str, Any] = dict(settings.HUEY.get("consumer", {}))
    if workers is not None:
        options["workers"] = workers
    options["worker_type"] = "thread"
    options.setdefault("periodic", True)
    return options


class _InProcessConsumer(Consumer):  # type: ignore[misc]  # huey is untyped
    """Huey's consumer minus its signal handlers: the host process owns its signals."""

    def _set_signal_handlers(self) -> None:
        return None


CANDIDATE_POLL_SECONDS = 0.5


class ConsumerLock:
    """An exclusive, non-blocking `flock` on a file: held by at most one process at a time,
    released by the kernel when that process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def consumer_lock_path() -> Path:
    return Path(settings.DATA_DIR) / "tasks.consumer.lock"


class EmbeddedTasks:
    """A Huey consumer running as threads of the current process.

    With a `lock`, the consumer runs only while this process holds it: `start()` takes the lock
    if it is free, or else waits for it on a thread of its own, so that among several server
    processes sharing one queue exactly one consumes."""

    def __init__(
        self,
        huey: Any,
        *,
        workers: int,
        periodic: bool = True,
        shutdown_timeout: float = 10.0,
        lock: ConsumerLock | None = None,
    ) -> None:
        self.huey = huey
        self.workers = workers
        self.lock = lock
        self._candidate: threading.Thread | None = None
        self._stopping = threading.Event()
        self._consumer = _InProcessConsumer(
            huey,
            workers=workers,
            worker_type="thread",
            periodic=periodic,
            shutdown_timeout=shutdown_timeout,
        )
        self._health: threading.Thread | None = None
        self._lock = threading.Lock()
        self._running = False

    @classmethod
    def from_settings(cls, *, elected: bool = False) -> EmbeddedTasks:
        """`elected`: one consumer among every server process on this data directory."""
        options = consumer_options()
        return cls(
            configured_huey(),
            workers=options["workers"],
            periodic=options["periodic"],
            lock=ConsumerLock(consumer_lock_path()) if elected else None,
        )

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Consume now if this process may; otherwise stand by until it may."""
        if self._candidate is not None and self._candidate.is_alive():
            return
        self._stopping.clear()
        if self.lock is None or self.lock.try_acquire():
            self._start_consumer()
            return
        logger.info("embedded task consumer standing by: another server process consumes")
        self._candidate = threading.Thread(
            target=self._stand_by, name="huey-embedded-candidate", daemon=True
        )
        self._candidate.start()

    def _stand_by(self) -> None:
        assert self.lock is not None  # noqa: S101 - only started with a lock
        while not self._stopping.wait(CANDIDATE_POLL_SECONDS):
            if self.lock.try_acquire():
                try:
                    self._start_consumer()
                except Exception:
                    logger.exception("the embedded task consumer did not take over")
                    self.lock.release()
                return

    def _start_consumer(self) -> None:
        with self._lock:
            if self._running or self._stopping.is_set():
                return
            autodiscover_modules("tasks")  # every app's tasks are registered before consuming
            self._consumer.start()
            self._health = threading.Thread(
                target=self._watch, name="huey-embedded-health", daemon=True
            )
            self._health.start()
            self._running = True
        logger.info(
            "embedded task consumer started: %d worker thread(s) on %s",
            self.workers,
            describe_storage(self.huey),
        )

    def _watch(self) -> None:
        """What Consumer.run() does on its main thread: replace dead workers until stopped."""
        checked_at = time.monotonic()
        while True:
            try:
                checked_at = self._consumer.loop(checked_at)
            except ConsumerStopped:
                return

    def stop(self) -> None:
        """Let running tasks finish (up to the shutdown timeout), then stop. Idempotent."""
        self._stopping.set()
        if self._candidate is not None:
            self._candidate.join(timeout=5)
            self._candidate = None
        with self._lock:
            was_running, self._running = self._running, False
        if was_running:
            self._consumer.stop(graceful=True)
            if self._health is not None:
                self._health.join(timeout=5)
            self.huey.notify_interrupted_tasks()
            logger.info("embedded task consumer stopped")
        if self.lock is not None:
            self.lock.release()


class WithEmbeddedTasks:
    """ASGI wrapper: the embedded consumer lives exactly as long as the server (ASGI lifespan).
    Every other scope goes to the wrapped application untouched."""

    def __init__(self, app: ASGIApp, tasks: EmbeddedTasks) -> None:
        self.app = app
        self.tasks = tasks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await asyncio.to_thread(self.tasks.start)
                except Exception:
                    logger.exception("the embedded task consumer did not start")
                    await send({"type": "lifespan.startup.failed", "message": "task consumer"})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.to_thread(self.tasks.stop)
                await send({"type": "lifespan.shutdown.complete"})
                return


def run_worker(*, workers: int | None = None) -> None:
    """Consume in the foreground until SIGINT (graceful) or SIGTERM, like `manage.py run_huey`."""
    huey = configured_huey()
    autodiscover_modules("tasks")
    options = consumer_options(workers=workers)
    logger.info(
        "task worker started: %d worker thread(s) on %s", options["workers"], describe_storage(huey)
    )
    huey.create_consumer(**options).run()
