"""Who may frame the widget, and nothing else.

Every other page answers `frame-ancestors 'none'` and `X-Frame-Options: DENY`
(web/security.py, Django's clickjacking middleware). The widget's page may be framed by this
site and, inside an embedding site's iframe (`?embed=1`), by the operator's allowlist
`WALLETDESK_CHAT_ALLOWED_ORIGINS`. Its scripts still come only from our own static files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse

from walletdesk.web.security import POLICY

# scheme://host[:port], nothing else: a value with spaces, quotes or ";" could rewrite the
# policy it is put into.
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def allowed_origins(values: Iterable[str] | None = None) -> list[str]:
    """The configured embedding origins that are well-formed, normalised (no trailing slash,
    lower-case host)."""
    raw = settings.CHAT_ALLOWED_ORIGINS if values is None else values
    origins: list[str] = []
    for value in raw:
        candidate = str(value).strip().rstrip("/")
        if not _ORIGIN.match(candidate):
            continue
        parts = urlsplit(candidate)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        if origin not in origins:
            origins.append(origin)
    return origins


def embedding_site(value: str) -> str:
    """The embedding page's origin as the widget reports it, if it is one the operator allows;
    else empty (a visitor can claim any site, so it is only a label, never a permission)."""
    candidate = value.strip().rstrip("/")
    if not _ORIGIN.match(candidate):
        return ""
    parts = urlsplit(candidate)
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    return origin if origin in allowed_origins() else ""


def widget_policy(*, embed: bool) -> str:
    ancestors = ["'self'", *(allowed_origins() if embed else [])]
    return POLICY.replace("frame-ancestors 'none'", "frame-ancestors " + " ".join(ancestors))


def allow_framing(response: HttpResponse, *, embed: bool) -> HttpResponse:
    """The widget page's own framing policy: CSP `frame-ancestors` says who; the older
    X-Frame-Options cannot name other sites, so an embeddable page sends none."""
    response["Content-Security-Policy"] = widget_policy(embed=embed)
    if embed:
        response.xframe_options_exempt = True  # Django's own flag (clickjacking middleware)
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
