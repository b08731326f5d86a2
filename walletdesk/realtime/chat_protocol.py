"""Reading the chat sockets' client frames (walletdesk/chat/wire.py) and the error frames they
are answered with. A frame that is not valid JSON, not one object with one known verb, or
larger than MAX_CHAT_FRAME_CHARS is answered `{"kind": "error", "code": "malformed", …}`;
nothing a client sends can end in anything but an error frame.

On the agent's socket (`/ws/chat/agent/`) every frame of a conversation carries
`"conversation": "<key>"` first, as the agent may follow several at once; `watch` is answered
with that conversation's `hello` frame, then its entries after `since`, then live.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_CHAT_FRAME_CHARS = 8 * 1024
MAX_CLIENT_ID = 64
MAX_KEY = 32
# The customer's first frame must be `hello` within this many seconds.
HELLO_SECONDS = 5.0
CLOSE_TOO_SLOW = 1013  # the socket fell too far behind: reconnect and catch up

ERRORS: dict[str, Promise] = {
    "malformed": _("This message could not be read."),
    "too_large": _("This message is too long."),
    "unauthenticated": _("This chat could not be opened. Start a new chat."),
    "not_found": _("This chat does not exist or you may not open it."),
    "rate_limited": _("You are sending messages too fast. Wait a moment and try again."),
    "too_many": _("You are following too many chats at once."),
    "unavailable": _("Something went wrong. Try again in a moment."),
    "not_watching": _("Open this chat before you write in it."),
    "too_many_sockets": _("This chat is open in too many windows. Close one and try again."),
}


class BadFrame(ValueError):
    def __init__(self, code: str = "malformed") -> None:
        super().__init__(code)
        self.code = code


def parse(
    text: str | None, *, extras: dict[str, frozenset[str]] | None = None
) -> tuple[str, Any, dict[str, Any]]:
    """The verb, its value and the whole object of a client frame `{"<verb>": <value>}`.
    `extras` names the keys a verb may carry beside it (the agent's `watch` has `since`)."""
    if text is None:
        raise BadFrame()
    if len(text) > MAX_CHAT_FRAME_CHARS:
        raise BadFrame("too_large")
    try:
        content = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadFrame() from exc
    if not isinstance(content, dict) or not content:
        raise BadFrame()
    verb = next(iter(content))
    allowed = (extras or {}).get(verb, frozenset())
    if len(content) > 1 and not set(content) - {verb} <= allowed:
        raise BadFrame()
    return verb, content[verb], content


def error_frame(
    code: str, language: str | None, message: str | Promise | None = None
) -> dict[str, Any]:
    with translation.override(language):
        words = str(message if message is not None else ERRORS.get(code, ERRORS["unavailable"]))
    return {"kind": "error", "code": code, "message": words}


def text_of(value: Any, *, limit: int, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not allow_empty and not value.strip()):
        raise BadFrame()
    return value


def seq_of(value: Any) -> int:
    if type(value) is not int or value < 0 or value > 2**31:
        raise BadFrame()
    return value


def field(value: Any, name: str) -> Any:
    if not isinstance(value, dict) or name not in value:
        raise BadFrame()
    return value[name]


def key_of(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_KEY or not value.isascii():
        raise BadFrame()
    if not all(ch.isalnum() or ch in "-_" for ch in value):
        raise BadFrame()
    return value


def client_id_of(value: Any) -> str:
    return text_of(value, limit=MAX_CLIENT_ID)
