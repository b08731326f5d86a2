"""The chat's sweep, every minute: online agents whose console has been silent past the
heartbeat window go offline; waiting chats are offered to agents who have room (a lost nudge
must not leave anyone waiting); and chats still waiting when nobody of their team and language
is left, or service hours have ended, become messages answered by email (the customer is told).
The services whose changes can free room assign too; the sweep only makes sure."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey is untyped
def sweep_chats() -> None:
    from walletdesk.chat.services import assign_waiting, presence_expire, queue_release

    presence_expire()
    assign_waiting()
    queue_release()


@db_task()  # type: ignore[untyped-decorator]  # huey is untyped
def assign_chats() -> None:
    """Another pass once a change committed: a chat its own transaction could not give away
    (another held the agent's row) is given now, not at the next sweep."""
    from walletdesk.chat.services import assign_waiting

    assign_waiting()
