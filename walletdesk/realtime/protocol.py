"""The websocket wire format.

Server → client: an event's `wire()` form (ids and a kind, never personal data), e.g.
`{"kind": "message.created", "ticket": 12, "message": 40}`, or `{"kind": "access.changed"}` when
the agent's access grew (the page should refresh what it shows); acknowledgements
`{"subscribed": 12}` / `{"unsubscribed": 12}`; errors `{"error": "<code>"}`.
Client → server (console only): `{"subscribe": <ticket id>}` or `{"unsubscribe": <ticket id>}`.

Close codes: 4401 the session ended or was revoked (sign in again, do not reconnect); 4000 the
user's access shrank (reconnect: the new socket starts from the new access); 4429 too many open
sockets for this person (reconnect later, when another tab has closed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from walletdesk.core.ids import is_id

# Closed because the socket has no (or no longer a) valid session; the client should sign in.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_ACCESS_CHANGED = 4000
CLOSE_TOO_MANY_SOCKETS = 4429
MAX_FRAME_CHARS = 1024

ERROR_MALFORMED = "malformed"
ERROR_NOT_FOUND = "not_found"
ERROR_TOO_MANY = "too_many_subscriptions"
ERROR_TOO_MANY_SOCKETS = "too_many_sockets"
ERROR_UNSUPPORTED = "unsupported"


class MalformedFrameError(ValueError):
    """A client frame that is not one of the commands above."""


@dataclass(frozen=True)
class Subscribe:
    ticket_id: int


@dataclass(frozen=True)
class Unsubscribe:
    ticket_id: int


def decode_frame(text: str | None) -> Any:
    """The JSON value of a text frame. Binary, oversized or invalid frames are malformed."""
    if text is None or len(text) > MAX_FRAME_CHARS:
        raise MalformedFrameError()
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # 1024 chars of "[" nest past the stack
        raise MalformedFrameError() from exc


def parse_console_command(text: str | None) -> Subscribe | Unsubscribe:
    content = decode_frame(text)
    if not isinstance(content, dict) or len(content) != 1:
        raise MalformedFrameError()
    ((verb, value),) = content.items()
    if not is_id(value):  # `true` is no id, nor a number past what the database holds
        raise MalformedFrameError()
    if verb == "subscribe":
        return Subscribe(value)
    if verb == "unsubscribe":
        return Unsubscribe(value)
    raise MalformedFrameError()


def encode(content: dict[str, Any]) -> str:
    return json.dumps(content, separators=(",", ":"))
