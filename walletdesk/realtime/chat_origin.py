"""The websocket origin policy of the chat's customer socket.

Every socket checks the browser's Origin (no cross-site use of a signed-in person's socket).
The customer's chat socket (`/ws/chat/`) carries no cookie — it authenticates with its first
frame — and is opened by the widget embedded in the operator's other sites, so it also accepts
the origins in CHAT_ALLOWED_ORIGINS (`https://shop.example`). Every other socket keeps
channels' AllowedHostsOriginValidator (config/asgi.py).
"""

from __future__ import annotations

from typing import Any

from channels.security.websocket import OriginValidator
from django.conf import settings

CUSTOMER_CHAT_PATH = "/ws/chat/"


class ChatOriginValidator(OriginValidator):  # type: ignore[misc]  # channels is untyped
    """The product's own hosts (ALLOWED_HOSTS) and CHAT_ALLOWED_ORIGINS, read per connection."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, [])

    @property
    def allowed_origins(self) -> list[str]:
        return [*settings.ALLOWED_HOSTS, *settings.CHAT_ALLOWED_ORIGINS]

    @allowed_origins.setter
    def allowed_origins(self, _value: list[str]) -> None:
        """The base's constructor sets it; the settings decide."""


class ByPath:
    """Websockets to `CUSTOMER_CHAT_PATH` go to `chat`, every other path to `default`."""

    def __init__(self, *, chat: Any, default: Any) -> None:
        self.chat = chat
        self.default = default

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope.get("path") == CUSTOMER_CHAT_PATH:
            return await self.chat(scope, receive, send)
        return await self.default(scope, receive, send)
