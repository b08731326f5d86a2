"""WSGI entry point (used by in-process API fuzzing; production serves ASGI)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
application = get_wsgi_application()
