"""GET /api/v1/verify?value=…: is this an official channel? Public, no token, per-client rate."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.serializers.verify import VerdictSerializer, verdict_data
from walletdesk.api.throttling import PublicRateThrottle
from walletdesk.api.views.common import error_responses
from walletdesk.safety.verify import MAX_VALUE_CHARS, channel_verify

# What the check reads: some text that is not only blanks, without control characters.
_READABLE = (
    r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
)


class PublicAPIView(APIView):
    """A public endpoint: no authentication, anyone may call it, limited per client."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]


class VerifyView(PublicAPIView):
    @extend_schema(
        summary=_("Check whether a contact is an official channel"),
        description=_(
            "Give a phone number (any format), an email address, a web address or domain, or "
            "a social account (@handle, t.me link, WeChat name). The answer is `official`, "
            "`lookalike` (imitates the channel in `channel`), `reported` (confirmed as fake "
            "by our security team) or `unknown` (not ours: be careful; unknown never means "
            "safe). No sign-in; limited per client."
        ),
        parameters=[
            OpenApiParameter(
                "value",
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_VALUE_CHARS,
                    "pattern": _READABLE,
                },
                OpenApiParameter.QUERY,
                required=True,
                description=_("What to check, e.g. +86 400-800-8888 or walletdesk.example."),
            ),
        ],
        responses={200: VerdictSerializer, **error_responses(400)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        value = request.query_params.get("value", "")
        return Response(verdict_data(channel_verify(value)))
