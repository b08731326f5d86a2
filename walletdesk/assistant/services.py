"""The one way in: `assistant_classify`."""

from __future__ import annotations

from django.conf import settings

from walletdesk.assistant.contracts import ArticleSuggestion, Guess
from walletdesk.assistant.engine import classifier, warm_up_in_background
from walletdesk.assistant.reading import read
from walletdesk.helpcentre.selectors import help_for_problem

TAGGED_POOL = 50  # tagged articles considered before the most specific are picked


def assistant_classify(text: str, *, language: str | None = None, articles: int = 3) -> Guess:
    """Read `text` (any length; only the first 2,000 characters count) and answer the guess.
    `language` ("zh-hans" / "en") is a hint; without it the text decides. Never raises for
    odd input: empty or meaningless text answers `other` with a low confidence and handover."""

    def suggest(problem_type: str, lang: str) -> tuple[ArticleSuggestion, ...]:
        return _articles(problem_type, lang, articles)

    return read(
        classifier(),
        text,
        language=language,
        threshold=settings.WALLETDESK_ASSISTANT_THRESHOLD,
        articles=suggest,
    )


def _articles(problem_type: str, language: str, limit: int) -> tuple[ArticleSuggestion, ...]:
    """The published articles tagged with the type, in the visitor's language; the ones about
    this type alone first (an article tagged with every type is general advice)."""
    if limit <= 0:
        return ()
    tagged = help_for_problem(problem_type, language=language, limit=TAGGED_POOL)
    specific = sorted(tagged, key=lambda v: len(v.article.tags))  # stable: editors' order next
    return tuple(
        ArticleSuggestion(slug=v.slug, title=v.version.title, summary=v.version.summary)
        for v in specific[:limit]
    )


def assistant_warm_up() -> None:
    """Train the classifier in a background thread now (a server process starting)."""
    warm_up_in_background()
