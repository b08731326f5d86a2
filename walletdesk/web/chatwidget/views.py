"""The widget's three routes: the page, starting a conversation, and the embed script."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from walletdesk.chat.choices import Origin
from walletdesk.chat.identity_token import IdentityTokenRefused, identity_token_verify
from walletdesk.chat.services import conversation_start
from walletdesk.core.errors import DomainError, ValidationFailed
from walletdesk.core.masking import mask_email
from walletdesk.core.ratelimit import Limit
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.web.chatwidget import flows, text
from walletdesk.web.chatwidget.framing import allow_framing, embedding_site
from walletdesk.web.chatwidget.starting import LANGUAGES, Starter, read_body, starter_from
from walletdesk.web.clients import client_of

# Every attempt, refused ones too (a guessed token, a flood of bad forms); the conversations
# actually opened are counted by the chat itself (chat/limits.py, per client and customer).
CHAT_START_ATTEMPTS_PER_CLIENT = Limit("chat-start-attempts", max_hits=60, window_seconds=60 * 60)


def _language(request: HttpRequest, wanted: str) -> str:
    """The visitor's language: what the embedding page or the app asked for, else the portal's
    rules (web/locale.py) as the middleware already applied them."""
    if wanted.lower() in LANGUAGES:
        return wanted.lower()
    current = (translation.get_language() or "").lower()
    return "en" if current.startswith("en") else "zh-hans"


def _token_language(token: str) -> str:
    try:
        return identity_token_verify(token).lang
    except IdentityTokenRefused:
        return ""  # the start says why, in words; the page only picks its language


@require_GET
def chat_page(request: HttpRequest) -> HttpResponse:
    embed = request.GET.get("embed") == "1"
    identity = request.GET.get("identity", "")
    wanted = request.GET.get("lang", "")
    if identity:
        wanted = _token_language(identity) or wanted
    language = _language(request, wanted)
    customer = None if embed or identity else portal_customer(request)
    if identity:
        mode = Origin.APP
    elif customer is not None:
        mode = Origin.PORTAL
    else:
        mode = Origin.EMBED
    with translation.override(language):
        config: dict[str, Any] = {
            "mode": mode,
            "embed": embed,
            "lang": language,
            "start_url": reverse("chatwidget:start"),
            "socket_path": "/ws/chat/",
            "site": request.GET.get("site", "")[:255] if embed else "",
            "flows": flows.flow_urls(),
            "type_placeholder": flows.TYPE_PLACEHOLDER,
            "article_url": flows.article_url_pattern(),
            "login_url": reverse("portal:login") + "?next=" + reverse("chatwidget:page"),
            "topics": text.topics(),
            "flow_labels": text.flow_labels(),
            "t": text.strings(),
        }
        context = {
            "config": config,
            "embed": embed,
            "lang": language,
            "mode": mode,
            "customer_name": customer.display_name if customer else "",
            # Only a same-site portal page uses the session cookie, so only it needs the token
            # (an iframe on another site gets no cookie at all).
            "csrf": get_token(request) if mode == Origin.PORTAL else "",
        }
        response = render(request, "chatwidget/page.html", context)
    return allow_framing(response, embed=embed)


def _error(error: DomainError) -> JsonResponse:
    payload: dict[str, Any] = {"code": error.code, "message": str(error.message)}
    if isinstance(error, ValidationFailed) and error.fields:
        payload["fields"] = {
            name: [str(m) for m in messages] for name, messages in error.fields.items()
        }
    return JsonResponse({"error": payload}, status=error.status)


@csrf_exempt  # a signed-in start is checked in starting.py; the others carry no cookie
@require_POST
def chat_start(request: HttpRequest) -> HttpResponse:
    """Open a conversation; answer its key and the access token the widget keeps."""
    try:
        body = read_body(request)
    except DomainError as error:
        return _error(error)
    language = _language(request, str(body.get("lang", "")))
    client = client_of(request).rate_key
    with translation.override(language):
        try:
            CHAT_START_ATTEMPTS_PER_CLIENT.hit(client)
            starter: Starter = starter_from(request, body)
        except DomainError as error:
            return _error(error)
    language = starter.language or language
    with translation.override(language):
        try:
            started = conversation_start(
                origin=starter.origin,
                language=language,
                problem_type=starter.problem_type,
                customer=starter.customer,
                visitor_name=starter.visitor_name,
                visitor_contact=starter.visitor_contact,
                site=_site(starter, body),
                client=client,
            )
        except DomainError as error:
            return _error(error)
    conversation = started.conversation
    return JsonResponse(
        {
            "conversation": conversation.key,
            "token": started.token,
            "state": conversation.state,
            "language": conversation.language,
            "verified": conversation.verified,
            "problem_type": conversation.problem_type,
            # Where the transcript will go (masked): the widget says so at the end.
            "transcript_to": _transcript_address(starter),
        },
        status=201,
    )


def _site(starter: Starter, body: dict[str, Any]) -> str:
    return embedding_site(str(body.get("site", ""))) if starter.origin == Origin.EMBED else ""


def _transcript_address(starter: Starter) -> str:
    if starter.customer is not None:
        return mask_email(starter.customer.email)
    return mask_email(starter.visitor_contact) if "@" in starter.visitor_contact else ""


@cache
def _embed_source() -> str:
    found = finders.find("chat/embed.js")
    path = Path(found if isinstance(found, str) else "")
    return path.read_text(encoding="utf-8")


def _launcher_words() -> str:
    words: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        with translation.override(language):
            words[language] = {
                "open": _("Chat with us"),
                "close": _("Close the chat window"),
                "title": _("Chat with us"),
            }
    return json.dumps(words, ensure_ascii=False)


@require_GET
def embed_js(request: HttpRequest) -> HttpResponse:
    """The one script an embedding site includes. Served at a fixed address (not under
    /static/, whose names change with each release) so the operator's snippet never changes;
    the launcher's words go in here, in both languages (the script picks by `data-lang`)."""
    source = _embed_source().replace('"__WALLETDESK_LABELS__"', _launcher_words(), 1)
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    # Other sites load it with a plain script tag.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


__all__ = ["chat_page", "chat_start", "embed_js"]
