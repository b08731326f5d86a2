"""POST /api/v1/customers/{id}/freeze: the emergency freeze, for an agent on the phone or chat."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.parsers import JSONParser
from walletdesk.api.serializers.freeze import FreezeRequestSerializer, FreezeResultSerializer
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.audit.services import actor_user
from walletdesk.security.contracts import Client
from walletdesk.security.freeze import FreezeVia, wallet_freeze
from walletdesk.tickets import selectors


class CustomerFreezeView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary=_("Freeze a customer's wallet now (wallet stolen)"),
        description=_(
            "Stops all outgoing money, ends every session, socket and token of the customer, "
            "notifies them on every channel they have and opens (or adds to) their critical "
            "case for the security team. Safe to repeat: a frozen wallet stays frozen as it "
            "was. You may freeze only a customer you may see. Unfreezing needs two people and "
            "is done in the console."
        ),
        request=FreezeRequestSerializer,
        responses={200: FreezeResultSerializer, **error_responses(400, 404, 415)},
    )
    def post(self, request: Request, customer_id: int) -> Response:
        user = console_user(request)
        customer = selectors.customer_for_user(user=user, customer_id=customer_id)
        serializer = FreezeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = wallet_freeze(
            customer=customer,
            via=FreezeVia.API,
            client=Client(
                ip=str(request.META.get("REMOTE_ADDR") or ""),
                user_agent=str(request.META.get("HTTP_USER_AGENT") or "")[:512],
            ),
            actor=actor_user(user.pk),
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(FreezeResultSerializer(result).data)
