"""`POST /api/v1/assistant/classify`: a customer's words in, the assistant's guess out."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.api.serializers.common import required_text
from walletdesk.assistant.contracts import Flow, Guess
from walletdesk.vocab.choices import Language, ProblemType

MAX_TEXT_CHARS = 2000
FLOW_CODES = [
    Flow.FREEZE,
    Flow.PASSWORD_RESET,
    Flow.TWO_FACTOR,
    Flow.DIAGNOSIS,
    Flow.UNFREEZE,
    Flow.REPORT,
    Flow.VERIFY,
    Flow.CONTACT,
]


class LanguageField(serializers.ChoiceField):
    """One of our language codes, as a string."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class ClassifyRequestSerializer(serializers.Serializer[Any]):
    text = required_text(
        max_length=MAX_TEXT_CHARS,
        trim_whitespace=False,
        help_text=_(
            "What the customer wrote, in Chinese, English or both (up to 2,000 characters)."
        ),
    )
    lang = LanguageField(
        choices=Language.values,
        required=False,
        help_text=_("zh-hans or en; without it the text decides."),
    )


class FlowSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=FLOW_CODES)
    url = serializers.CharField(help_text=_("Where the customer starts this flow in the portal."))


class ArticleSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField(help_text=_("The article in the help centre."))


class GuessSerializer(serializers.Serializer[Any]):
    problem_type = serializers.ChoiceField(choices=ProblemType.values)
    confidence = serializers.FloatField(
        min_value=0, max_value=1, help_text=_("The probability of this problem type, 0 to 1.")
    )
    language = serializers.ChoiceField(
        choices=Language.values, help_text=_("The language the text was read as.")
    )
    flow = FlowSerializer(
        allow_null=True, help_text=_("The self-service flow for this problem, or null.")
    )
    articles = ArticleSerializer(many=True)
    handover = serializers.BooleanField(
        help_text=_("A person should take over: the guess is unsure, or a person was asked for.")
    )
    wants_person = serializers.BooleanField(help_text=_("The customer asked for a person."))


def guess_data(guess: Guess, *, flow_url: str | None, article_url: Any) -> dict[str, Any]:
    """The answer; `article_url(slug, language)` gives each article's address."""
    return {
        "problem_type": str(guess.problem_type),
        "confidence": guess.confidence,
        "language": guess.language,
        "flow": {"code": guess.flow, "url": flow_url} if guess.flow and flow_url else None,
        "articles": [
            {
                "slug": a.slug,
                "title": a.title,
                "summary": a.summary,
                "url": article_url(a.slug, guess.language),
            }
            for a in guess.articles
        ],
        "handover": guess.handover,
        "wants_person": guess.wants_person,
    }
