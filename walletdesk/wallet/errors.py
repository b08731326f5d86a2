"""The wallet's refusals, inside the product's one error hierarchy.

Each class also derives from `WalletError` so callers can catch "anything the wallet refused"
while the API still maps it by its core parent (NotFound → 404, Conflict → 409, ...). `WalletError`
sets no code or status of its own, so the core parent's status wins in the MRO.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import Conflict, DomainError, NotFound, ValidationFailed


class WalletError(DomainError):
    """Marker base for every error raised by a wallet gateway or the sandbox rails."""


class AccountNotFound(WalletError, NotFound):
    code = "wallet_account_not_found"
    default_message = _("No wallet account matches this reference.")


class TransactionNotFound(WalletError, NotFound):
    code = "wallet_transaction_not_found"
    default_message = _("No transaction of this account matches this reference.")


class MerchantNotFound(WalletError, NotFound):
    code = "wallet_merchant_not_found"
    default_message = _("No merchant matches this reference.")


class PaymentMethodNotFound(WalletError, NotFound):
    code = "wallet_payment_method_not_found"
    default_message = _("No payment method of this account matches this reference.")


class AccountFrozenError(WalletError, Conflict):
    code = "account_frozen"
    default_message = _("The account is frozen: no money can leave it until it is unfrozen.")


class DuplicateRequest(WalletError, Conflict):
    """An idempotency key (or an on-chain hash) reused for a different request.

    Returning the first result would hide the caller's bug; doing the second request would
    break the promise that one key moves money at most once.
    """

    code = "wallet_duplicate_request"
    default_message = _("This request key was already used for a different request.")


class InvalidWalletRequest(WalletError, ValidationFailed):
    code = "wallet_invalid_request"
    default_message = _("The wallet cannot accept this request.")


class TransactionStateConflict(WalletError, Conflict):
    """The transaction exists but its state forbids the action (refund a failed payment...)."""

    code = "wallet_transaction_state"
    default_message = _("The transaction's current state does not allow this.")


class WalletUnavailable(WalletError):
    """The wallet core cannot be reached or answered nonsense; worth retrying later."""

    code = "wallet_unavailable"
    status = 503
    default_message = _("The wallet is not reachable right now. Please try again shortly.")
