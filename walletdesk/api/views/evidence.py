"""POST /api/v1/customers/{id}/evidence/: a customer's evidence bundle (报警材料) as a ZIP."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from walletdesk.api.parsers import JSONParser
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.security.contracts import Client
from walletdesk.security.evidence.access import evidence_customer_for_agent
from walletdesk.security.evidence.services import (
    MAX_DAYS,
    evidence_default_period,
    evidence_download,
)


class ZipRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/zip`; the ZIP itself leaves as it is."""

    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data: Any, accepted_media_type: Any = None, context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        rendered: bytes = JSONRenderer().render(data)  # an error's envelope
        return rendered


class EvidenceRequestSerializer(serializers.Serializer[dict[str, Any]]):
    period_start = serializers.DateField(
        required=False,
        help_text=_("First day, Beijing time (default: 29 days before the last)."),
    )
    period_end = serializers.DateField(
        required=False, help_text=_("Last day, Beijing time, not in the future (default: today).")
    )


class CustomerEvidenceView(APIView):
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(
        summary=_("Download a customer's evidence bundle"),
        description=_(
            "A ZIP with evidence.pdf (in the customer's language), evidence.json (the same "
            "data, schema `walletdesk.evidence` v1) and manifest.sha256, for a police report. "
            "Only for the security team, supervisors and admins, and only for a customer with "
            "a proven ticket they can see; everyone else gets 404. At most %(days)s days. "
            "Every download is recorded in the audit log and among the customer's security "
            "events."
        )
        % {"days": MAX_DAYS},
        request=EvidenceRequestSerializer,
        responses={
            (200, "application/zip"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=_("The bundle.")
            ),
            **error_responses(400, 404),
        },
    )
    def post(self, request: Request, customer_id: int) -> HttpResponse:
        user = console_user(request)
        customer = evidence_customer_for_agent(user=user, customer_id=customer_id)
        body = EvidenceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        default = evidence_default_period()
        period_end = body.validated_data.get("period_end", default.end)
        period_start = body.validated_data.get(
            "period_start", period_end - (default.end - default.start)
        )
        bundle = evidence_download(
            customer=customer,
            period_start=period_start,
            period_end=period_end,
            requested_by=user,
            client=Client(
                ip=str(request.META.get("REMOTE_ADDR") or ""),
                user_agent=str(request.META.get("HTTP_USER_AGENT") or "")[:512],
            ),
        )
        response = HttpResponse(bundle.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
        response["Cache-Control"] = "no-store"
        response["X-Evidence-SHA256"] = bundle.sha256
        return response
