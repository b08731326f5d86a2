"""The one ASGI application: Django for HTTP, Channels consumers for websockets.

`walletdesk serve` runs it under uvicorn; any ASGI server can serve
`walletdesk.config.asgi:application`.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
# Set up Django (settings, apps, models) before anything below imports a model.
django_http_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from walletdesk.realtime.chat_origin import ByPath, ChatOriginValidator  # noqa: E402
from walletdesk.realtime.routing import chat_customer_urlpatterns, websocket_urlpatterns  # noqa: E402
from walletdesk.web.bodylimit import RequestBodyLimit  # noqa: E402

# Websockets: the browser's Origin must be one of ALLOWED_HOSTS (no cross-site hijacking of a
# signed-in agent's socket), then Django's console session (cookie `wd_console`) is loaded into
# scope["user"]. The portal consumer reads its own cookie (`wd_portal`) itself. The customer's
# chat socket (/ws/chat/) uses no cookie (its first frame authenticates it) and also accepts the
# sites allowed to embed the widget (CHAT_ALLOWED_ORIGINS); it skips the session lookup.
application = ProtocolTypeRouter(
    {
        # Oversized bodies are refused as they arrive, before Django spools them to disk.
        "http": RequestBodyLimit(django_http_application),
        "websocket": ByPath(
            chat=ChatOriginValidator(URLRouter(chat_customer_urlpatterns)),
            default=AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        ),
    }
)
