"""The public help-centre pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from walletdesk.web.portal.rendering import render_portal


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render_portal(request, "portal/home.html")
