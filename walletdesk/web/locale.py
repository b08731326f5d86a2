"""Language choice: what the customer asked for, else Chinese.

In the portal a signed-in customer reads their preferred language (`Customer.preferred_language`);
before sign-in the language switch's `wd_lang` cookie decides, then the browser's
Accept-Language, then Chinese. The console and the API follow the cookie and Accept-Language
too; an agent's profile language becomes their cookie when they sign in (console/views/auth.py).
The switch (`switch_language`) sets the cookie and, in the portal, the customer's preference.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.identity.preferences import customer_set_language

_SUPPORTED = {code for code, _name in settings.LANGUAGES}
# Paths that are not the portal: they never look at (or query for) a portal customer.
_NOT_PORTAL = ("/console/", "/admin/", "/api/", "/static/", "/i18n/", "/ws/")


def is_portal_path(path: str) -> bool:
    return not path.startswith(_NOT_PORTAL)


def _signed_in_customer(request: HttpRequest) -> Customer | None:
    if not hasattr(request, "portal_session"):
        return None
    return portal_customer(request)


def choose_language(request: HttpRequest) -> str:
    if is_portal_path(request.path):
        customer = _signed_in_customer(request)
        if customer is not None and customer.preferred_language in _SUPPORTED:
            return customer.preferred_language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in _SUPPORTED:
        return chosen
    # Accept-Language (Django maps zh-CN, zh-TW… onto our variants), else LANGUAGE_CODE.
    return translation.get_language_from_request(request)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language` (the cookie, a safe redirect), and in the portal the signed-in
    customer's preference too, so the choice follows them to every device and email."""
    response = set_language(request)
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if language in _SUPPORTED and safe and is_portal_path(next_url):
        customer = _signed_in_customer(request)
        if customer is not None:
            customer_set_language(customer=customer, language=language)
    return response
