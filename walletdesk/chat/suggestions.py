"""What the assistant step offers for a problem type: a self-service flow (a `Flow` code and
its label) and help articles (slug and title).

Entries hold codes and words only. The presentation (wire framing in the widget's and the
console's consumers, or their views) adds each flow's and article's `url`: the domain knows no
URLs, and the same entry serves the portal, the embedded widget and the app.

The flow per type is the assistant's (`walletdesk.assistant.flows`); the contact form is left
out, as the chat itself is the way to a person.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from walletdesk.assistant.contracts import ArticleSuggestion, Flow
from walletdesk.assistant.flows import flow_for
from walletdesk.helpcentre.selectors import help_for_problem, help_search

ARTICLES = 3


def flow_label(code: str) -> str:
    labels = {
        Flow.FREEZE: _("Freeze my wallet now"),
        Flow.PASSWORD_RESET: _("Reset my password"),
        Flow.TWO_FACTOR: _("Fix two-step verification"),
        Flow.DIAGNOSIS: _("Check my transaction"),
        Flow.UNFREEZE: _("Ask to unfreeze my account"),
        Flow.REPORT: _("Report a scam or phishing message"),
        Flow.VERIFY: _("Check whether a contact is really ours"),
        Flow.CONTACT: _("Write to support"),
    }
    return str(labels.get(code, code))


def _self_service(problem_type: str) -> str | None:
    code = flow_for(problem_type)
    return None if code == Flow.CONTACT else code


def flow_item(code: str | None) -> dict[str, str] | None:
    if not code:
        return None
    return {"code": code, "label": flow_label(code)}


def articles_for_type(problem_type: str, *, language: str) -> list[dict[str, str]]:
    views = help_for_problem(problem_type, language=language, limit=ARTICLES)
    return [{"slug": v.article.slug, "title": v.version.title} for v in views]


def articles_for_text(text: str, *, language: str) -> list[dict[str, str]]:
    views = help_search(text[:200], language=language)[:ARTICLES]
    return [{"slug": v.article.slug, "title": v.version.title} for v in views]


def articles_from_guess(articles: tuple[ArticleSuggestion, ...]) -> list[dict[str, str]]:
    return [{"slug": a.slug, "title": a.title} for a in articles[:ARTICLES]]


def for_type(problem_type: str, *, language: str) -> dict[str, Any]:
    """The `suggestions` entry's data for a type (the caller adds the entry's text)."""
    return {
        "problem_type": problem_type,
        "flow": flow_item(_self_service(problem_type)),
        "articles": articles_for_type(problem_type, language=language),
    }
