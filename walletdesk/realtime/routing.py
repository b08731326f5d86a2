"""Websocket URLs. Both consumers only push; every read still goes through a checked view."""

from __future__ import annotations

from django.urls import path

from walletdesk.realtime.console import ConsoleConsumer
from walletdesk.realtime.portal import PortalConsumer

websocket_urlpatterns = [
    path("ws/console/", ConsoleConsumer.as_asgi()),
    path("ws/portal/", PortalConsumer.as_asgi()),
]
