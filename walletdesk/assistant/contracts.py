"""What the assistant answers: frozen, so every channel and the API read the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.vocab.choices import ProblemType


class Flow:
    """Stable codes of the self-service flows the assistant can point to. The presentation layer
    maps each code to its page (web/portal) or URL (API); the assistant knows no URLs."""

    FREEZE = "freeze"  # stolen wallet: freeze now
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a flow code, not a password
    TWO_FACTOR = "two_factor"  # lost device / codes not arriving
    DIAGNOSIS = "diagnosis"  # structured intake + transaction diagnosis for money problems
    UNFREEZE = "unfreeze"
    REPORT = "report"  # phishing / scam report
    VERIFY = "verify"  # is this an official channel?
    CONTACT = "contact"  # the contact form for the type (no self-service flow)


@dataclass(frozen=True)
class ArticleSuggestion:
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class Guess:
    """The assistant's reading of one message.

    `confidence` is the classifier's calibrated probability of `problem_type` (0..1).
    `handover` is True when a person should take over: the confidence is below
    `WALLETDESK_ASSISTANT_THRESHOLD`, or the customer asked for a person (`wants_person`).
    `flow` is a `Flow` code, or None when the type has no self-service flow."""

    problem_type: ProblemType
    confidence: float
    language: str  # the language the text was read as: "zh-hans" or "en"
    flow: str | None
    articles: tuple[ArticleSuggestion, ...]
    wants_person: bool
    handover: bool
    alternatives: tuple[tuple[ProblemType, float], ...] = ()  # the next most likely types
