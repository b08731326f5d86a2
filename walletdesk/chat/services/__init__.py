"""Every write of the chat. Each runs in one transaction; entries are numbered under the
conversation's row lock and announced on commit (core/chatbus.py).

    start.py      conversation_start, problem_pick
    talk.py       customer_say, agent_say, chat_note, read_mark
    queueing.py   queue_join, intake_answer, leave_message, queue_release
    agents.py     chat_accept, chat_transfer, presence_set, presence_seen, presence_expire,
                  assign_waiting
    closing.py    chat_close, chat_rate (and the transcript)
    entries.py    the numbering helper and the one place a ticket message becomes an entry
"""

from walletdesk.chat.services.agents import (
    assign_waiting,
    chat_accept,
    chat_transfer,
    presence_expire,
    presence_seen,
    presence_set,
)
from walletdesk.chat.services.closing import chat_close, chat_rate
from walletdesk.chat.services.entries import entry_append, message_entry
from walletdesk.chat.services.queueing import (
    intake_answer,
    leave_message,
    queue_join,
    queue_release,
)
from walletdesk.chat.services.start import conversation_start, problem_pick
from walletdesk.chat.services.talk import agent_say, chat_note, customer_say, read_mark

__all__ = [
    "agent_say",
    "assign_waiting",
    "chat_accept",
    "chat_close",
    "chat_note",
    "chat_rate",
    "chat_transfer",
    "conversation_start",
    "customer_say",
    "entry_append",
    "intake_answer",
    "leave_message",
    "message_entry",
    "presence_expire",
    "presence_seen",
    "presence_set",
    "problem_pick",
    "queue_join",
    "queue_release",
    "read_mark",
]
