"""A second session, under its own cookie, for the customer portal.

Console users sign in through Django's auth (cookie `wd_console`); customers through this
(cookie `wd_portal`). The two are independent: signing in, out or being revoked in one never
touches the other, and a customer session can never carry console rights.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date


class PortalSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.engine = import_module(settings.SESSION_ENGINE)
        self.cookie_name: str = settings.PORTAL_SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.COOKIES.get(self.cookie_name)
        session: SessionBase = self.engine.SessionStore(key)
        request.portal_session = session  # type: ignore[attr-defined]
        response = self.get_response(request)
        return self._persist(request, session, response)

    def _persist(
        self, request: HttpRequest, session: SessionBase, response: HttpResponse
    ) -> HttpResponse:
        if self.cookie_name in request.COOKIES and session.is_empty():
            response.delete_cookie(self.cookie_name, path="/", samesite="Lax")
            patch_vary_headers(response, ("Cookie",))
            return response
        if not session.accessed:
            return response
        patch_vary_headers(response, ("Cookie",))
        if not session.modified or response.status_code >= 500:
            return response
        try:
            session.save()
        except UpdateError:
            return response
        max_age = session.get_expiry_age()
        response.set_cookie(
            self.cookie_name,
            session.session_key or "",
            max_age=max_age,
            expires=http_date(time.time() + max_age),
            path="/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
