"""The ticket page's "Assistant's guess": what the assistant reads in the customer's first
message, with the help articles an agent can insert into a reply (links in the customer's
language). It reads the thread the page already loaded: no query of its own but the articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from walletdesk.assistant.contracts import Guess
from walletdesk.assistant.services import assistant_classify
from walletdesk.tickets.choices import AuthorKind, MessageKind
from walletdesk.tickets.models import Message, Ticket
from walletdesk.vocab.choices import Language, ProblemType

SUGGESTED = 3


@dataclass(frozen=True)
class SuggestedArticle:
    slug: str
    title: str
    summary: str
    url: str  # absolute, in the customer's language


def article_link(slug: str, language: str) -> str:
    path = reverse("portal:help-article", args=[slug]) + "?" + urlencode({"lang": language})
    return str(settings.BASE_URL).rstrip("/") + path


def first_customer_message(messages: Sequence[Message]) -> Message | None:
    return next(
        (
            m
            for m in messages
            if m.author_kind == AuthorKind.CUSTOMER and m.kind != MessageKind.NOTE and m.body
        ),
        None,
    )


def assistant_context(ticket: Ticket, messages: Sequence[Message]) -> dict[str, Any]:
    first = first_customer_message(messages)
    if first is None:
        return {"assistant_guess": None}
    hint = ticket.language if ticket.language in Language.values else None
    guess: Guess = assistant_classify(first.body, language=hint, articles=SUGGESTED)
    language = hint or guess.language
    return {
        "assistant_guess": guess,
        "assistant_label": ProblemType(guess.problem_type).label,
        "assistant_percent": round(guess.confidence * 100),
        "assistant_articles": [
            SuggestedArticle(a.slug, a.title, a.summary, article_link(a.slug, language))
            for a in guess.articles
        ],
    }
