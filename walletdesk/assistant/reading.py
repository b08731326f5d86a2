"""One message read by one trained classifier: the guess every caller gets.

`assistant_classify` (services.py) reads with the production classifier; `evaluate` reads with
one trained on the caller's CSV — the same function, so a measured figure is production's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from walletdesk.assistant.contracts import ArticleSuggestion, Guess
from walletdesk.assistant.flows import flow_for
from walletdesk.assistant.model import Classifier
from walletdesk.assistant.person import wants_person
from walletdesk.assistant.text import detect_language, normalise
from walletdesk.vocab.choices import Language, ProblemType

ALTERNATIVES = 2
_MEANINGFUL = re.compile(r"[^\W_]")
Articles = Callable[[str, str], tuple[ArticleSuggestion, ...]]


def _none(problem_type: str, language: str) -> tuple[ArticleSuggestion, ...]:
    return ()


def read(
    model: Classifier,
    text: str,
    *,
    language: str | None = None,
    threshold: float,
    articles: Articles = _none,
) -> Guess:
    clean = normalise(text)
    if language not in Language.values:
        language = detect_language(clean)
    person = wants_person(clean)
    if not _MEANINGFUL.search(clean):
        return Guess(
            problem_type=ProblemType.OTHER,
            confidence=0.0,
            language=language,
            flow=None,
            articles=articles(ProblemType.OTHER, language),
            wants_person=person,
            handover=True,
        )
    ranked = model.ranked(text)
    label, confidence = ranked[0]
    best = _type(label)
    return Guess(
        problem_type=best,
        confidence=round(confidence, 4),
        language=language,
        flow=flow_for(best),
        articles=articles(best, language),
        wants_person=person,
        handover=person or confidence < threshold,
        alternatives=tuple((_type(lab), round(p, 4)) for lab, p in ranked[1 : 1 + ALTERNATIVES]),
    )


def _type(label: str) -> ProblemType:
    """Our labels are problem types; a foreign label set (an evaluation CSV) reads as other."""
    return ProblemType(label) if label in ProblemType.values else ProblemType.OTHER
