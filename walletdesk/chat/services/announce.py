"""Nudges after a queue change, sent on commit: `queue` frames to each waiting conversation
whose position changed, `queue.changed` to the team's agents, `chat.assigned` to an agent."""

from __future__ import annotations

from dataclasses import dataclass, field

from walletdesk.chat import queue
from walletdesk.chat.models import Conversation
from walletdesk.core import chatbus
from walletdesk.identity.models import Team


@dataclass
class QueueWatch:
    """The positions of one line (team and language) before a change; `publish` compares
    them with the positions after it."""

    team_id: int | None
    language: str
    before: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, conversation: Conversation) -> QueueWatch:
        return cls.line(conversation.team_id, conversation.language)

    @classmethod
    def line(cls, team_id: int | None, language: str) -> QueueWatch:
        return cls(team_id, language, queue.positions(team_id=team_id, language=language))

    def publish(self) -> None:
        after = queue.positions(team_id=self.team_id, language=self.language)
        changed = [cid for cid, pos in after.items() if self.before.get(cid) != pos]
        for conversation in Conversation.objects.filter(pk__in=changed):
            frame = queue.queue_frame(queue.status_of(conversation))
            chatbus.publish_on_commit(chatbus.conversation_topic(conversation.pk), frame)
        if changed or set(self.before) != set(after):
            queue_changed(self.team_id)


def queue_changed(team_id: int | None) -> None:
    code = "unrouted"
    if team_id is not None:
        code = Team.objects.filter(pk=team_id).values_list("code", flat=True).first() or code
    chatbus.publish_on_commit(chatbus.queue_topic(code), {"kind": "queue.changed"})


def chat_assigned(conversation: Conversation, user_id: int) -> None:
    chatbus.publish_on_commit(
        chatbus.agent_topic(user_id), {"kind": "chat.assigned", "conversation": conversation.key}
    )
