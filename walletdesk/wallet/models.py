"""Django discovers an app's models here; the sandbox wallet's live in `sandbox.models`."""

from walletdesk.wallet.sandbox.models import (
    Account,
    Book,
    DepositAddress,
    Entry,
    IssuerBehaviour,
    Merchant,
    PaymentMethod,
    Posting,
    Transaction,
)

__all__ = [
    "Account",
    "Book",
    "DepositAddress",
    "Entry",
    "IssuerBehaviour",
    "Merchant",
    "PaymentMethod",
    "Posting",
    "Transaction",
]
