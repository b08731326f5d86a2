"""Error pages a person can reach: 400, 403, 404, 500 and a refused form (CSRF), in the
product's own look and language. The path chooses the look: the console's for /console/ and
/admin/, the help centre's for the rest; API paths answer in the API's JSON shape.

The 500 page is a template with no request context: no database, no session, no user, so it
renders even when whatever broke the request was one of those.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from walletdesk.identity.portal_auth import portal_customer

_CONSOLE_PATHS = ("/console/", "/admin/")


def _is_console(request: HttpRequest) -> bool:
    return request.path.startswith(_CONSOLE_PATHS)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _page(
    request: HttpRequest, *, status: int, code: str, heading: str, message: str
) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    context: dict[str, Any] = {"status": status, "heading": heading, "message": message}
    if _is_console(request):
        return render(request, "console/error_page.html", context, status=status)
    if hasattr(request, "portal_session"):
        context["portal_customer"] = portal_customer(request)
    return render(request, "portal/error_page.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=400,
        code="bad_request",
        heading=_("We could not read that request."),
        message=_(
            "Something in the address or the form was not as expected. Go back and try again."
        ),
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=404,
        code="not_found",
        heading=_("We could not find that page."),
        message=_("The address may be mistyped, or the page was moved or is not yours to see."),
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        status=403,
        code="forbidden",
        heading=_("You may not open this page."),
        message=_(
            "Your account does not have access to it. If you think it should, ask your "
            "supervisor or contact us."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was older than the session (or came from elsewhere): say how to go on, and
    never show Django's reason, which speaks of tokens and referers."""
    return _page(
        request,
        status=403,
        code="form_expired",
        heading=_("This form has expired."),
        message=_(
            "For your safety a form only works for a while and only from this site. Go back, "
            "reload the page and send it again."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        message = _("Something went wrong on our side. Please try again in a moment.")
        return JsonResponse({"error": {"code": "server_error", "message": message}}, status=500)
    console = _is_console(request)
    html = loader.get_template("web/500.html").render(
        {"console": console, "home": "/console/" if console else "/"}
    )
    return HttpResponse(html, status=500)
