"""Opening a conversation and picking its problem type."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from walletdesk.chat import access, limits, suggestions, texts
from walletdesk.chat.choices import ConversationState, EntryAuthor, EntryKind, Origin
from walletdesk.chat.contracts import Started
from walletdesk.chat.models import Conversation
from walletdesk.chat.services.entries import entry_append, lock
from walletdesk.core import clock
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.core.phones import InvalidPhone, phone_e164
from walletdesk.identity.models import Customer
from walletdesk.tickets.services import default_priority
from walletdesk.vocab.choices import Language, ProblemType

MAX_NAME_CHARS = 100
MAX_SITE_CHARS = 255


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(fields={field: [message]})


def _plain(text: str) -> str:
    """One line of text without control characters, NFC, trimmed."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(unicodedata.normalize("NFC", cleaned).split())


def clean_language(language: str) -> str:
    code = (language or "").strip().lower()
    if code in {"zh", "zh-cn", "zh_hans", "zh-hans-cn"}:
        code = Language.ZH_HANS
    if code not in Language.values:
        raise _invalid("language", _("Unknown language."))
    return code


def clean_problem_type(problem_type: str) -> str:
    if problem_type and problem_type not in ProblemType.values:
        raise _invalid("problem_type", _("Unknown problem type."))
    return problem_type


def clean_contact(raw: str) -> str:
    """An email address (Django's validator, lower-cased) or a phone number (E.164)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise _invalid("contact", _("Give an email address or a phone number."))
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise _invalid("contact", _("Enter a valid email address.")) from None
        return text.lower()
    try:
        return phone_e164(text)
    except InvalidPhone as error:
        raise _invalid("contact", str(error.message)) from None


@transaction.atomic
def conversation_start(
    *,
    origin: str,
    language: str,
    problem_type: str = "",
    customer: Customer | None = None,
    visitor_name: str = "",
    visitor_contact: str = "",
    site: str = "",
    client: str = "",
) -> Started:
    """Open a conversation. `customer` only when proven (portal session, app identity token):
    it is then verified. An embedded visitor gives a name and an email or phone (validated).
    `client` is the caller's address (for the per-client start limit)."""
    if origin not in Origin.values:
        raise _invalid("origin", _("Unknown origin."))
    language = clean_language(language)
    problem_type = clean_problem_type(problem_type)
    name, contact = "", ""
    if customer is not None:
        if not customer.is_active:
            raise _invalid("customer", _("This account cannot chat."))
    else:
        name = _plain(visitor_name)[:MAX_NAME_CHARS]
        if not name:
            raise _invalid("name", _("Tell us your name."))
        contact = clean_contact(visitor_contact)
    if client:
        limits.STARTS_PER_CLIENT.hit(client)
    if customer is not None:
        limits.STARTS_PER_CUSTOMER.hit(str(customer.pk))
    token = access.new_token()
    conversation = Conversation.objects.create(
        key=access.new_key(),
        token_digest=access.token_digest(token),
        origin=origin,
        site=_plain(site)[:MAX_SITE_CHARS],
        language=language,
        problem_type=problem_type,
        priority=default_priority(problem_type),
        customer=customer,
        verified=customer is not None,
        visitor_name=name,
        visitor_contact=contact,
        created_at=clock.now(),
    )
    if problem_type:
        _suggest(conversation)
    return Started(conversation=conversation, token=token)


def _suggest(conversation: Conversation) -> None:
    with translation.override(conversation.language):
        data = suggestions.for_type(conversation.problem_type, language=conversation.language)
        entry_append(
            conversation=conversation,
            kind=EntryKind.SUGGESTIONS,
            author=EntryAuthor.ASSISTANT,
            text=texts.suggestions_intro(),
            data=data,
        )


@transaction.atomic
def problem_pick(*, conversation: Conversation, problem_type: str) -> Conversation:
    """The customer picked a type: the assistant's suggestions for it become an entry (flow as
    code and label, articles as slug and title; the presentation adds their URLs)."""
    problem_type = clean_problem_type(problem_type)
    if not problem_type:
        raise _invalid("problem_type", _("Pick what your question is about."))
    conversation = lock(conversation)
    if conversation.state != ConversationState.ASSISTANT:
        raise Conflict(_("This chat is already with our team."))
    conversation.problem_type = problem_type
    conversation.priority = default_priority(problem_type)
    conversation.save(update_fields=["problem_type", "priority"])
    _suggest(conversation)
    return conversation
