"""The customer's transactions as the portal shows them beside a request: read from the wallet
gateway, described in words (time, amount, how it was paid), never by internal id.

A wallet that cannot answer must never stop anyone asking for help, so every read here gives
up quietly and the page goes on without it.
"""

from __future__ import annotations

from typing import TypedDict

from walletdesk.identity.models import Customer
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.contracts import PaymentMethodInfo, TransactionInfo
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.gateway import get_gateway
from walletdesk.web.portal.wallet_text import methods_by_ref, transaction_line

PICKER_TRANSACTIONS = 20


class PickerChoices(TypedDict):
    transactions: list[TransactionInfo]
    payment_methods: list[PaymentMethodInfo]


def picker_choices(customer: Customer) -> PickerChoices:
    """What the contact form's transaction picker offers (keyword arguments of `ContactForm`)."""
    empty: PickerChoices = {"transactions": [], "payment_methods": []}
    if not customer.wallet_account_ref:
        return empty
    gateway = get_gateway()
    try:
        transactions = gateway.list_transactions(
            customer.wallet_account_ref, limit=PICKER_TRANSACTIONS
        )
    except WalletError:
        return empty
    try:
        methods = gateway.list_payment_methods(customer.wallet_account_ref)
    except WalletError:
        methods = []  # the lines then name the counterparty instead of the card
    return {"transactions": transactions, "payment_methods": methods}


def transaction_text(*, ticket: Ticket) -> str:
    """A ticket's transaction in its customer's words; "" when there is none or the wallet
    cannot say (the page then shows nothing rather than an internal id)."""
    transaction_ref = ticket.transaction_ref
    if not transaction_ref:
        return ""  # most tickets: no query at all
    customer = ticket.requester
    if customer is None or not customer.wallet_account_ref:
        return ""
    gateway = get_gateway()
    try:
        tx = gateway.get_transaction(customer.wallet_account_ref, transaction_ref)
    except WalletError:
        return ""
    try:
        methods = methods_by_ref(gateway.list_payment_methods(customer.wallet_account_ref))
    except WalletError:
        methods = {}
    return transaction_line(tx, methods)
