"""Who is starting a chat, read from a `/chat/start` request: a signed-in portal customer, the
wallet app's identity token, or an embedded visitor's name and contact. Each answer is either a
`Starter` or a refusal with a clear message in the visitor's language."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from walletdesk.chat.choices import Origin
from walletdesk.chat.identity_token import (
    IdentityTokenRefused,
    identity_customer,
    identity_token_spend,
    identity_token_verify,
)
from walletdesk.core.errors import DomainError, ValidationFailed
from walletdesk.identity.identifiers import normalise_email, normalise_phone
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.vocab.choices import ProblemType

MAX_BODY_BYTES = 8 * 1024
MAX_NAME_CHARS = 100
LANGUAGES = ("zh-hans", "en")


class BadRequest(DomainError):
    code = "bad_request"


class NotSignedIn(DomainError):
    code = "not_signed_in"
    status = 403


@dataclass(frozen=True)
class Starter:
    origin: str
    customer: Customer | None
    visitor_name: str
    visitor_contact: str
    language: str  # "" when the request does not say
    problem_type: str


def read_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest(_("The request is too large."))
    try:
        body = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest(_("The request could not be read.")) from error
    if not isinstance(body, dict):
        raise BadRequest(_("The request could not be read."))
    return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise BadRequest(_("The request could not be read."))
    return unicodedata.normalize("NFKC", value).strip()


def visitor_details(name: str, contact: str) -> tuple[str, str]:
    """The name and the email or phone (normalised) an embedded visitor gave, or
    ValidationFailed naming each field that is wrong."""
    fields: dict[str, list[str]] = {}
    if not name:
        fields["name"] = [_("Tell us your name.")]
    elif len(name) > MAX_NAME_CHARS or any(unicodedata.category(ch)[0] == "C" for ch in name):
        fields["name"] = [_("Enter your name in at most 100 characters.")]
    normalised = ""
    if not contact:
        fields["contact"] = [_("Give an email address or a phone number so we can answer you.")]
    else:
        try:
            normalised = normalise_email(contact) if "@" in contact else normalise_phone(contact)
        except ValidationFailed:
            fields["contact"] = [
                _("Enter a valid email address, or a phone number such as +86 138 0013 8000.")
            ]
    if fields:
        raise ValidationFailed(_("Please check the highlighted fields."), fields=fields)
    return name, normalised


def _csrf_refusal(request: HttpRequest) -> bool:
    """Django's own CSRF check (token in X-CSRFToken, Origin/Referer of this site): the portal
    session cookie is ambient authority, so a start that uses it must prove it came from us."""
    # Only process_view runs: the middleware's get_response and the view are never called.
    check = CsrfViewMiddleware(lambda _request: None)  # type: ignore[arg-type]
    return check.process_view(request, None, (), {}) is not None  # type: ignore[arg-type]


def starter_from(request: HttpRequest, body: dict[str, Any]) -> Starter:
    mode = _text(body, "mode")
    problem_type = _text(body, "problem_type")
    if problem_type and problem_type not in ProblemType.values:
        raise BadRequest(_("Pick one of the topics shown."))
    language = _text(body, "lang").lower()
    language = language if language in LANGUAGES else ""
    if mode == Origin.APP:
        identity = _text(body, "identity")
        claims = identity_token_verify(identity)
        customer = identity_customer(claims)
        identity_token_spend(identity, claims)
        return Starter(
            origin=Origin.APP,
            customer=customer,
            visitor_name="",
            visitor_contact="",
            language=claims.lang or language,
            problem_type=problem_type,
        )
    if mode == Origin.PORTAL:
        if _csrf_refusal(request):
            raise NotSignedIn(_("Your session has expired. Reload the page and sign in again."))
        signed_in = portal_customer(request)
        if signed_in is None:
            raise NotSignedIn(_("Sign in to the help centre to chat about your wallet."))
        return Starter(
            origin=Origin.PORTAL,
            customer=signed_in,
            visitor_name="",
            visitor_contact="",
            language=language,
            problem_type=problem_type,
        )
    if mode == Origin.EMBED:
        name, contact = visitor_details(_text(body, "name"), _text(body, "contact"))
        return Starter(
            origin=Origin.EMBED,
            customer=None,
            visitor_name=name,
            visitor_contact=contact,
            language=language,
            problem_type=problem_type,
        )
    raise BadRequest(_("The request could not be read."))


__all__ = [
    "BadRequest",
    "IdentityTokenRefused",
    "NotSignedIn",
    "Starter",
    "read_body",
    "starter_from",
    "visitor_details",
]
