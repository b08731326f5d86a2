"""POST /api/v1/assistant/classify: what is the customer's problem? Public, per-client rate."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from walletdesk.api.parsers import JSONParser
from walletdesk.api.serializers.assistant import (
    ClassifyRequestSerializer,
    GuessSerializer,
    guess_data,
)
from walletdesk.api.views.common import error_responses
from walletdesk.api.views.verify import PublicAPIView
from walletdesk.assistant.contracts import Flow
from walletdesk.assistant.services import assistant_classify

# Where each flow starts in the portal (the assistant knows only the codes).
FLOW_PAGES = {
    Flow.FREEZE: "portal:freeze",
    Flow.PASSWORD_RESET: "portal:password-forgot",
    Flow.TWO_FACTOR: "portal:two-factor",
    Flow.UNFREEZE: "portal:unfreeze",
    Flow.REPORT: "portal:report",
    Flow.VERIFY: "portal:verify",
}
# These start at the contact form of the problem type: its intake (and, for money, diagnosis).
TYPE_FORMS = {Flow.DIAGNOSIS, Flow.CONTACT}


def _absolute(path: str) -> str:
    return str(settings.BASE_URL).rstrip("/") + path


def flow_url(flow: str | None, problem_type: str) -> str | None:
    if flow in TYPE_FORMS:
        return _absolute(
            reverse("portal:contact") + "?" + urlencode({"problem_type": problem_type})
        )
    name = FLOW_PAGES.get(flow or "")
    return _absolute(reverse(name)) if name else None


def article_url(slug: str, language: str) -> str:
    return _absolute(
        reverse("portal:help-article", args=[slug]) + "?" + urlencode({"lang": language})
    )


class ClassifyView(PublicAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary=_("Guess the problem type of a customer's message"),
        description=_(
            "Give what the customer wrote (`text`, Chinese, English or both) and optionally "
            "`lang`. The answer holds the problem type with its probability, the self-service "
            "flow that can solve it, help articles to read, and whether a person should take "
            "over (`handover`: the guess is unsure, or the customer asked for a person). No "
            "sign-in; limited per client."
        ),
        request=ClassifyRequestSerializer,
        responses={200: GuessSerializer, **error_responses(400, 413, 415)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = ClassifyRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        guess = assistant_classify(data["text"], language=data.get("lang"))
        return Response(
            guess_data(
                guess,
                flow_url=flow_url(guess.flow, guess.problem_type),
                article_url=article_url,
            )
        )
