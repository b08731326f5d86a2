"""Websocket URLs. The console's and the portal's sockets only push (every read still goes
through a checked view); the chat's sockets carry the conversation itself (chat_customer.py,
chat_agent.py)."""

from __future__ import annotations

from django.urls import path

from walletdesk.realtime.chat_agent import ChatAgentConsumer
from walletdesk.realtime.chat_customer import ChatCustomerConsumer
from walletdesk.realtime.console import ConsoleConsumer
from walletdesk.realtime.portal import PortalConsumer

websocket_urlpatterns = [
    path("ws/console/", ConsoleConsumer.as_asgi()),
    path("ws/portal/", PortalConsumer.as_asgi()),
    path("ws/chat/agent/", ChatAgentConsumer.as_asgi()),
]

# The customer's chat socket: its own origin policy, no session (config/asgi.py).
chat_customer_urlpatterns = [path("ws/chat/", ChatCustomerConsumer.as_asgi())]
