"""A cap on request bodies, enforced while they arrive, before Django reads or spools them.

Django's ASGI handler copies the whole body into a temporary file before any view (or any
sign-in check) runs, so without this a stranger could send gigabytes to disk for a 401.
This ASGI middleware sits in front of it:

- a Content-Length over the limit is answered 413 at once, without reading a byte of the body;
- a body of unknown length (chunked) is counted as it arrives; once past the limit, Django is
  told the client went away (it drops what it spooled) and the client is answered 413.

Multipart forms sent to the few URLs that take files may carry attachments
(`ATTACHMENT_MAX_BYTES` × `MAX_FILES_PER_MESSAGE`, plus the form around them); every other
body (JSON, urlencoded forms, multipart anywhere else) is held to a much smaller limit,
`REQUEST_MAX_BYTES_WITHOUT_FILES`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from walletdesk.tickets.attachments import MAX_FILES_PER_MESSAGE

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def upload_limit() -> int:
    """The largest multipart body: every attachment at its largest, and the form around them."""
    return int(
        settings.ATTACHMENT_MAX_BYTES * MAX_FILES_PER_MESSAGE + settings.REQUEST_FORM_OVERHEAD_BYTES
    )


def _header(scope: Scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope.get("headers", ()) if key.lower() == name]


# The only places that take files: the portal's contact form and reply, the console's message
# box and the API's message post. Any other URL gets the small limit, multipart or not, so a
# stranger cannot make every URL read and spool tens of megabytes.
_TAKES_FILES = re.compile(
    r"^/(?:contact/|tickets/\d+/reply/|console/tickets/\d+/messages/"
    r"|api/v1/tickets/\d+/messages/)$"
)


def limit_for(scope: Scope) -> int:
    content_type = b"".join(_header(scope, b"content-type")[:1]).lower()
    path = str(scope.get("path", ""))
    if content_type.startswith(b"multipart/form-data") and _TAKES_FILES.match(path):
        return upload_limit()
    return int(settings.REQUEST_MAX_BYTES_WITHOUT_FILES)


class RequestBodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope)
        lengths = _header(scope, b"content-length")
        if lengths:
            declared = lengths[0].strip()
            # One plain decimal length; anything else is a malformed request, not a big one.
            if len(lengths) > 1 or not declared.isdigit() or len(declared) > 19:
                await _answer(
                    scope, send, 400, "malformed_request", _("The request could not be read.")
                )
                return
            if int(declared) > limit:
                await _too_large(scope, send)
                return
        await self._counted(scope, receive, send, limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        over = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    # Django drops its spooled copy and stops, as for a client that hung up.
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, watching_send)
        if over and not started:
            await _too_large(scope, send)


async def _too_large(scope: Scope, send: Send) -> None:
    await _answer(scope, send, 413, "request_too_large", _("The request is too large."))


async def _answer(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    """The API's error shape under /api/, a line of text elsewhere; the connection closes."""
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        content_type = b"application/json"
    else:
        body = message.encode()
        content_type = b"text/plain; charset=utf-8"
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
