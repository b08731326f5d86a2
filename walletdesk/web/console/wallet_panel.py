"""What the console shows of a customer's wallet, read through the gateway and nothing else.

The wallet may be a remote system that is down, or a customer may have no wallet at all: both
become a state the panel can show, never an error page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

from walletdesk.core.masking import card_tail
from walletdesk.identity.models import Customer
from walletdesk.wallet.contracts import (
    AccountInfo,
    Money,
    PaymentMethodInfo,
    TransactionInfo,
)
from walletdesk.wallet.errors import AccountNotFound, TransactionNotFound, WalletError
from walletdesk.wallet.gateway import get_gateway

logger = logging.getLogger(__name__)

RECENT_TRANSACTIONS = 10


class WalletState(StrEnum):
    LINKED = "linked"
    NOT_LINKED = "not_linked"  # no reference, or the wallet does not know it
    UNAVAILABLE = "unavailable"  # the wallet did not answer


@dataclass(frozen=True)
class PaymentMethodRow:
    method: PaymentMethodInfo
    tail: str  # •••• 1234

    @property
    def expiry(self) -> str:
        m, y = self.method.expiry_month, self.method.expiry_year
        return f"{m:02d}/{y % 100:02d}" if m and y else ""


@dataclass(frozen=True)
class WalletView:
    state: WalletState
    account: AccountInfo | None = None
    balances: list[Money] = field(default_factory=list)
    payment_methods: list[PaymentMethodRow] = field(default_factory=list)
    transactions: list[TransactionInfo] = field(default_factory=list)


def wallet_view(customer: Customer) -> WalletView:
    ref = customer.wallet_account_ref
    if not ref:
        return WalletView(WalletState.NOT_LINKED)
    try:
        summary = get_gateway().summary(ref, recent=RECENT_TRANSACTIONS)
    except AccountNotFound:
        return WalletView(WalletState.NOT_LINKED)
    except WalletError as exc:
        logger.warning("wallet summary unavailable: %s", exc.code)
        return WalletView(WalletState.UNAVAILABLE)
    return WalletView(
        WalletState.LINKED,
        account=summary.account,
        balances=summary.balances,
        payment_methods=[
            PaymentMethodRow(method=m, tail=card_tail(m.masked_number))
            for m in summary.payment_methods
        ],
        transactions=summary.recent_transactions[:RECENT_TRANSACTIONS],
    )


@dataclass(frozen=True)
class MatchedTransaction:
    ref: str
    state: WalletState
    transaction: TransactionInfo | None = None


def matched_transaction(
    *, customer: Customer | None, transaction_ref: str
) -> MatchedTransaction | None:
    """The transaction intake matched to a ticket, read from the requester's own account only."""
    if not transaction_ref:
        return None
    if customer is None or not customer.wallet_account_ref:
        return MatchedTransaction(transaction_ref, WalletState.NOT_LINKED)
    try:
        tx = get_gateway().get_transaction(customer.wallet_account_ref, transaction_ref)
    except (AccountNotFound, TransactionNotFound):
        return MatchedTransaction(transaction_ref, WalletState.NOT_LINKED)
    except WalletError as exc:
        logger.warning("matched transaction unavailable: %s", exc.code)
        return MatchedTransaction(transaction_ref, WalletState.UNAVAILABLE)
    return MatchedTransaction(transaction_ref, WalletState.LINKED, tx)
