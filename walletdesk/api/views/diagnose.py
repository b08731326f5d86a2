"""POST /api/v1/diagnose: why a transaction went as it did, for an agent (a customer they may
see) or for the signed-in customer in their own browser (their own account only)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.auth import ApiTokenAuthentication
from walletdesk.api.parsers import JSONParser
from walletdesk.api.portal_auth import (
    IsConsoleUserOrPortalCustomer,
    PortalCaller,
    PortalSessionAuthentication,
)
from walletdesk.api.serializers.diagnose import (
    DiagnoseAnswer,
    DiagnoseRequestSerializer,
    DiagnoseResultSerializer,
)
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.intake import checks
from walletdesk.intake.answers import TransactionCriteria
from walletdesk.intake.diagnosis.words import agent_summary, customer_explanation
from walletdesk.intake.lookup import Lookup, for_customer, lookup_criteria, lookup_transaction
from walletdesk.tickets import selectors
from walletdesk.tickets.selectors import CustomerNotFound
from walletdesk.wallet.contracts import Asset, Money
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway

T = TypeVar("T")


class DiagnoseView(APIView):
    authentication_classes = [
        ApiTokenAuthentication,
        SessionAuthentication,
        PortalSessionAuthentication,
    ]
    permission_classes = [IsConsoleUserOrPortalCustomer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary=gettext_lazy("Diagnose a transaction"),
        description=gettext_lazy(
            "Give `transaction` (a reference) or `criteria` (what the customer remembers: "
            "when, how much, how paid, and for coins the network, hash and address), not "
            "both. The answer holds the checks with their evidence, the outcome (fixable_now, "
            "wait, needs_person, no_fault), what the customer can do, and the explanation in "
            "the request's language. With an API token, name a `customer` you may see; a "
            "customer signed in to the portal may only ask about their own account."
        ),
        request=DiagnoseRequestSerializer,
        responses={200: DiagnoseResultSerializer, **error_responses(400, 404, 415)},
    )
    def post(self, request: Request) -> Response:
        serializer = DiagnoseRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        has_transaction, has_criteria = "transaction" in data, "criteria" in data
        if has_transaction == has_criteria:
            message = _("Give either a transaction reference or search criteria, not both.")
            raise ValidationFailed(fields={"transaction": [message], "criteria": [message]})
        customer = _customer(request, data.get("customer"))
        account_ref = customer.wallet_account_ref
        if not account_ref:
            raise AccountNotFound()
        if has_transaction:
            lookup = lookup_transaction(account_ref, data["transaction"])
        else:
            lookup = lookup_criteria(account_ref, _criteria(account_ref, data["criteria"]))
        customer_asks = _is_customer(request)
        answer = DiagnoseAnswer(
            lookup=for_customer(lookup) if customer_asks else lookup,
            explanation=customer_explanation(lookup.diagnosis),
            agent_summary=None if customer_asks else _summary(lookup),
        )
        return Response(DiagnoseResultSerializer(answer).data)


def _is_customer(request: Request) -> bool:
    return isinstance(request.user, PortalCaller)


def _customer(request: Request, customer_id: int | None) -> Customer:
    """Agents: a customer they may see (the check /customers/{id}/ makes). Customers: only
    themselves; naming anyone else reads as not found."""
    caller = request.user
    if isinstance(caller, PortalCaller):
        if customer_id is not None and customer_id != caller.customer.pk:
            raise CustomerNotFound()
        return caller.customer
    if customer_id is None:
        raise ValidationFailed(fields={"customer": [_("Say which customer this is about.")]})
    return selectors.customer_for_user(user=console_user(request), customer_id=customer_id)


def _summary(lookup: Lookup) -> str:
    return agent_summary(lookup.diagnosis)


def _criteria(account_ref: str, data: Mapping[str, Any]) -> TransactionCriteria:
    """The search the criteria allow, checked by the intake's own rules (the portal form's
    messages); every problem at once."""
    problems: dict[str, list[str]] = {}
    now = clock.now()
    around: datetime | None = data.get("occurred_at")
    until: datetime | None = data.get("occurred_until")
    tx_hash = str(data.get("tx_hash", "")).strip()
    network = str(data.get("network", ""))
    if around is None and not tx_hash:
        problems["criteria.occurred_at"] = [
            _("Say roughly when it happened, or give the transaction hash.")
        ]
    for name, value in (("occurred_at", around), ("occurred_until", until)):
        if value is not None and value > now + checks.FUTURE_TOLERANCE:
            problems[f"criteria.{name}"] = [_("This time is in the future.")]
    amount = _amount(data, problems)
    _check(problems, "criteria.occurred_until", lambda: _period(around, until))
    if network:
        asset = amount.asset if amount is not None else None
        _check(problems, "criteria.network", lambda: checks.network(network, asset))
    if tx_hash:
        tx_hash = _check(problems, "criteria.tx_hash", lambda: checks.tx_hash(tx_hash, network))
    if problems:
        raise ValidationFailed(fields=problems)
    method = str(data.get("payment_method", "")).strip()
    own = {m.ref for m in get_gateway().list_payment_methods(account_ref)} if method else set()
    return TransactionCriteria(
        around=around or now,
        until=until,
        amount=amount,
        payment_method_ref=method if method in own else None,
        payment_method_hint="" if method in own else method,
        counterparty=str(data.get("counterparty", "")).strip(),
        network=network,
        tx_hash=tx_hash,
        address=str(data.get("address", "")).strip(),
        time_known=around is not None,
    )


def _period(around: datetime | None, until: datetime | None) -> None:
    if around is not None and until is not None:
        checks.period_end(around, until)


def _check(problems: dict[str, list[str]], name: str, check: Callable[[], T]) -> T | str:
    """Run one of the intake's checks; its message, if it refuses, goes under `name`."""
    try:
        return check()
    except checks.Invalid as error:
        problems[name] = [error.message]
        return ""


def _amount(data: Mapping[str, Any], problems: dict[str, list[str]]) -> Money | None:
    amount, currency = data.get("amount"), data.get("currency")
    if amount is None and currency is None:
        return None
    if amount is None or currency is None:
        name = "criteria.currency" if currency is None else "criteria.amount"
        problems[name] = [_("Give the amount and its currency together.")]
        return None
    money = _check(problems, "criteria.amount", lambda: checks.amount(amount, Asset(currency)))
    return money if isinstance(money, Money) else None
