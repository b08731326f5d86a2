"""The chat's wire format: every frame the widget and the console's chat pane send and receive.
The same frames travel live and are replayed from the database after a reconnect.

## Server → client

Numbered (one per `Entry`, `seq` = 1, 2, 3 … per conversation; a client keeps the highest it
has shown, ignores one it has, and on a gap — or on reconnect — asks for what follows):

    {"seq": 7, "kind": "message", "author": "customer"|"agent"|"assistant", "name": "…",
     "text": "…", "at": "2026-12-01T10:00:00+08:00", "client_id": "…"}
    {"seq": 8, "kind": "state", "state": "<ConversationState>", "text": "<a sentence to show>",
     "agent": "<agent's display name>"|null}
    {"seq": 9, "kind": "suggestions", "problem_type": "<code>", "text": "…",
     "flow": {"code", "label", "url"}|null, "articles": [{"slug", "title", "url"}]}
    {"seq": 10, "kind": "question", "key": "<intake field key>", "text": "…",
     "choices": [{"value", "label"}]|null}

Unnumbered (live only; lost on a disconnect, which is fine for what they say):

    {"kind": "hello", "conversation": "<key>", "state": "…", "last_seq": 12}  # after auth
    {"kind": "ack", "client_id": "…", "seq": 13}            # the message is stored as entry 13
    {"kind": "typing", "from": "customer"|"agent", "on": true}
    {"kind": "read", "by": "customer"|"agent", "seq": 13}
    {"kind": "queue", "position": 3, "wait_seconds": 240, "peak": false, "open": true}
    {"kind": "error", "code": "<code>", "message": "…"}

## Customer client → server (`/ws/chat/`)

    {"hello": {"conversation": "<key>", "token": "<access token>", "since": 12}}   # first frame
    {"send": {"text": "…", "client_id": "<uuid>"}}     # answered by "ack" once stored
    {"typing": true} / {"typing": false}
    {"read": 13}
    {"queue": {}}                                      # "still need help": join the queue
    {"answer": {"key": "…", "value": "…"}}             # an intake question's answer
    {"leave_message": {"contact": "<email or phone>"}}
    {"rate": {"score": 1..5, "comment": "…"}}
    {"close": {}}

## Agent client → server (`/ws/chat/agent/`, the console session)

    {"watch": "<key>", "since": 12}                    # follow a conversation the agent may see
    {"unwatch": "<key>"}
    {"send": {"conversation": "<key>", "text": "…", "client_id": "<uuid>"}}
    {"typing": {"conversation": "<key>", "on": true}}
    {"read": {"conversation": "<key>", "seq": 13}}
    {"presence": "online"|"away"|"offline"}
    {"ping": {}}                                       # heartbeat (presence.seen_at)

Agents also get, on their own socket: {"kind": "queue.changed"} and {"kind": "chat.assigned",
"conversation": "<key>"} — nudges to re-read the waiting and active lists through the console's
permission-checked views.

Texts are plain text: every client renders them as text (links made safe), never as HTML.
"""

from __future__ import annotations

from typing import Any

from walletdesk.chat.models import Entry


def entry_frame(entry: Entry) -> dict[str, Any]:
    """The numbered frame of `entry`, the same live and replayed."""
    frame: dict[str, Any] = {"seq": entry.seq, "kind": entry.kind}
    frame.update(entry.data)
    if entry.text:
        frame["text"] = entry.text
    frame.setdefault("author", entry.author)
    frame["at"] = entry.created_at.isoformat()
    if entry.client_id:
        frame["client_id"] = entry.client_id
    return frame
