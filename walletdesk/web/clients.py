"""The `Client` a request comes from, for the services that record or throttle by it."""

from __future__ import annotations

from django.http import HttpRequest

from walletdesk.security.contracts import Client


def client_of(request: HttpRequest) -> Client:
    return Client(
        ip=str(request.META.get("REMOTE_ADDR") or ""),
        user_agent=str(request.META.get("HTTP_USER_AGENT") or "")[:512],
    )
