"""The chat's sweep: every minute, waiting chats are offered to agents who have room (a lost
nudge or an agent's heartbeat coming back must not leave anyone waiting), and online agents
whose console has been silent past the heartbeat window go offline. Both are also run by the
services whose changes can free room; the sweep only makes sure."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey is untyped
def sweep_chats() -> None:
    from walletdesk.chat.services import assign_waiting, presence_expire

    presence_expire()
    assign_waiting()
