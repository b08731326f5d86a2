"""Security headers every page carries.

The Content-Security-Policy allows scripts only from our own static files (no inline script,
no eval: htmx runs without `hx-on`), frames nowhere, and forms only back to us. Inline styles
stay allowed: htmx injects its indicator styles and Swagger UI ships a style block.
Responses that set their own policy (attachments: `sandbox`) keep it.

Nothing a person signed in to the console, the API or the portal sees may be kept by a browser
or proxy cache: every response is `Cache-Control: no-store`, except static files and the
portal's public pages seen without a session cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


# Portal pages with nothing personal on them (for a visitor without a session).
PUBLIC_PATHS = frozenset({"/"})
PUBLIC_PREFIXES = ("/help/",)


def may_be_stored(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith(str(settings.STATIC_URL)):
        return True
    signed_in = any(
        name in request.COOKIES
        for name in (settings.SESSION_COOKIE_NAME, settings.PORTAL_SESSION_COOKIE_NAME)
    )
    return not signed_in and (path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES))


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_stored(request) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response
