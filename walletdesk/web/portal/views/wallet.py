"""The signed-in customer's wallet: status, balances, recent transactions, payment methods."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from walletdesk.identity.models import Customer
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.portal.decorators import portal_login_required
from walletdesk.web.portal.rendering import render_portal
from walletdesk.web.portal.wallet_text import (
    PaymentMethodRow,
    TransactionRow,
    beijing_time,
    methods_by_ref,
)

RECENT_TRANSACTIONS = 10


@require_safe
@portal_login_required
def wallet(request: HttpRequest, customer: Customer) -> HttpResponse:
    if not customer.wallet_account_ref:
        return render_portal(request, "portal/wallet.html", {"wallet_state": "unlinked"})
    try:
        summary = get_gateway().summary(customer.wallet_account_ref, recent=RECENT_TRANSACTIONS)
    except AccountNotFound:
        return render_portal(request, "portal/wallet.html", {"wallet_state": "missing"})
    methods = methods_by_ref(summary.payment_methods)
    return render_portal(
        request,
        "portal/wallet.html",
        {
            "wallet_state": "ok",
            "account": summary.account,
            "frozen_since": beijing_time(summary.account.frozen_at)
            if summary.account.frozen_at
            else "",
            "balances": summary.balances,
            "transactions": [TransactionRow.of(tx, methods) for tx in summary.recent_transactions],
            "payment_methods": [PaymentMethodRow.of(pm) for pm in summary.payment_methods],
        },
    )
