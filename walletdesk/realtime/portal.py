"""The customer portal's socket, `/ws/portal/`: nudges about the signed-in customer's own
tickets. The portal session (cookie `wd_portal`) is not Django auth; it is checked exactly as
the portal's pages check it (walletdesk.identity.portal_auth). Ticket events reach a customer
only through their own group, which the tickets app sends to only when the customer may hear."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import parse_cookie

from walletdesk.core.events import TicketEvent, customer_group
from walletdesk.realtime import access
from walletdesk.realtime.base import SessionSocket
from walletdesk.realtime.protocol import (
    CLOSE_UNAUTHENTICATED,
    ERROR_MALFORMED,
    ERROR_UNSUPPORTED,
    MalformedFrameError,
    decode_frame,
)


def portal_session_key(scope: dict[str, Any]) -> str:
    cookies = scope.get("cookies")
    if cookies is None:  # not behind channels' CookieMiddleware: read the header ourselves
        header = dict(scope.get("headers", [])).get(b"cookie", b"")
        cookies = parse_cookie(header.decode("latin1"))
    key = cookies.get(settings.PORTAL_SESSION_COOKIE_NAME, "")
    return key if isinstance(key, str) else ""


class PortalConsumer(SessionSocket):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id: int | None = None

    async def connect(self) -> None:
        session_key = portal_session_key(self.scope)
        customer = await access.portal_customer(session_key) if session_key else None
        if customer is None:
            await self.refuse()
            return
        if not self.claim(customer_group(customer.pk)):
            await self.refuse_busy()
            return
        self.customer_id = customer.pk
        await self.join(customer_group(customer.pk))
        await self.start(session_key)

    async def recheck(self) -> None:
        customer = await access.portal_customer(self.session_key)
        if customer is None or customer.pk != self.customer_id:
            await self.end(CLOSE_UNAUTHENTICATED)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            decode_frame(text_data)
        except MalformedFrameError:
            await self.send_json({"error": ERROR_MALFORMED})
            return
        await self.send_json({"error": ERROR_UNSUPPORTED})

    async def deliver(self, event: TicketEvent, group: str) -> None:
        if self.customer_id is not None and group == customer_group(self.customer_id):
            await self.send_json(event.wire())
