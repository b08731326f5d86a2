"""Triggers for the outbox. The rows hold the state; these only say "look now".

No Huey retries here: a failed send is recorded on its row and retried by the row's own backoff
(and, whatever happens to a task, by the sweep)."""

from __future__ import annotations

import threading

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

_recovery_lock = threading.Lock()
_recovery_queued = False


@db_task()  # type: ignore[untyped-decorator]  # huey is untyped
def deliver_outbound(outbound_id: int) -> None:
    from walletdesk.outbox.services import outbound_deliver

    outbound_deliver(outbound_id=outbound_id)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey is untyped
def sweep_outbox() -> None:
    from walletdesk.outbox.services import outbound_sweep

    outbound_sweep()


@db_task()  # type: ignore[untyped-decorator]  # huey is untyped
def recover_outbox() -> None:
    from walletdesk.outbox.services import outbound_recover

    outbound_recover()


@on_startup()  # type: ignore[untyped-decorator]  # huey is untyped
def _recover_when_the_consumer_starts() -> None:
    """Called by each worker thread as it starts; one recovery per process is enough."""
    global _recovery_queued
    with _recovery_lock:
        if _recovery_queued:
            return
        _recovery_queued = True
    recover_outbox()
