"""/api/v1/customers/{id}/: a customer you may see, with their wallet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.serializers.customers import CustomerSerializer
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.tickets import selectors
from walletdesk.wallet.contracts import WalletSummary
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway


class CustomerDetailView(APIView):
    @extend_schema(
        summary=_("Get a customer and their wallet"),
        description=_(
            "Contact details come partly masked. `wallet` holds the account status, balances, "
            "masked payment methods and the 10 most recent transactions, or null when no wallet "
            "is linked. Agents see a customer only while one of the customer's tickets is "
            "visible to them."
        ),
        responses={200: CustomerSerializer, **error_responses(404)},
    )
    def get(self, request: Request, customer_id: int) -> Response:
        customer = selectors.customer_for_user(user=console_user(request), customer_id=customer_id)
        summary: WalletSummary | None = None
        if customer.wallet_account_ref:
            try:
                summary = get_gateway().summary(customer.wallet_account_ref, recent=10)
            except AccountNotFound:
                summary = None  # a stale link reads the same as no link
        return Response(CustomerSerializer(customer, context={"wallet": summary}).data)
