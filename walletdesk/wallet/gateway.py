"""`WalletGateway`: the only door between WalletDesk and money.

Support code reads accounts, balances and transactions, and freezes accounts, through this
interface and nothing else. Implementations: the sandbox ledger in our own database (default,
demo, tests) and, later, an operator's wallet core over HTTP. Both must pass
`tests/wallet/test_gateway_contract.py`.
"""

from __future__ import annotations

import abc
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from walletdesk.wallet.contracts import (
    AccountInfo,
    MerchantInfo,
    Money,
    PaymentMethodInfo,
    TransactionFacts,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
    WalletSummary,
)


class WalletGateway(abc.ABC):
    """Reads and account actions against one wallet core, returning frozen contracts.

    Unknown accounts raise `AccountNotFound`; a transaction that exists but belongs to another
    account raises `TransactionNotFound`, exactly as if it did not exist, so a caller holding one
    customer's ref can never read another customer's money.
    """

    @abc.abstractmethod
    def get_account(self, account_ref: str) -> AccountInfo: ...

    @abc.abstractmethod
    def list_balances(self, account_ref: str) -> list[Money]:
        """One balance per asset the account holds, in `Asset` order. Funds held for pending
        outgoing transactions are not part of the balance."""

    @abc.abstractmethod
    def list_payment_methods(self, account_ref: str) -> list[PaymentMethodInfo]: ...

    @abc.abstractmethod
    def list_transactions(
        self,
        account_ref: str,
        *,
        limit: int = 20,
        status: TransactionStatus | None = None,
        kind: TransactionKind | None = None,
    ) -> list[TransactionInfo]:
        """Newest first."""

    @abc.abstractmethod
    def get_transaction(self, account_ref: str, transaction_ref: str) -> TransactionInfo: ...

    @abc.abstractmethod
    def find_transactions(
        self,
        account_ref: str,
        *,
        around: datetime,
        window: timedelta = timedelta(hours=24),
        amount: Money | None = None,
        payment_method_ref: str | None = None,
    ) -> list[TransactionInfo]:
        """Transactions created within `window` either side of `around`, closest in time first.

        This is how intake matches "I paid about 100 yuan with my card yesterday evening" to a
        transaction: customers remember times roughly and amounts exactly.
        """

    @abc.abstractmethod
    def get_merchant(self, merchant_ref: str) -> MerchantInfo: ...

    @abc.abstractmethod
    def diagnose(self, account_ref: str, transaction_ref: str) -> TransactionFacts:
        """The facts behind one transaction of this account (`TransactionNotFound` for
        another account's, as everywhere). No verdict: the intake's diagnosis decides."""

    @abc.abstractmethod
    def deposit_address_owned(self, account_ref: str, *, network: str, address: str) -> bool:
        """Whether `address` on `network` is one of this account's deposit addresses: coins
        sent anywhere else never reached the wallet."""

    @abc.abstractmethod
    def freeze(self, account_ref: str, *, actor: str, reason: str) -> AccountInfo:
        """Stop all outgoing money. Idempotent: freezing a frozen account changes nothing and
        keeps the original who, when and why."""

    @abc.abstractmethod
    def unfreeze(self, account_ref: str, *, actor: str, reason: str) -> AccountInfo:
        """Allow outgoing money again. Idempotent on an active account."""

    def summary(self, account_ref: str, *, recent: int = 10) -> WalletSummary:
        """Everything the customer panel shows, from the abstract reads (any gateway may
        override it with a cheaper single call)."""
        account = self.get_account(account_ref)
        return WalletSummary(
            account=account,
            balances=self.list_balances(account_ref),
            payment_methods=self.list_payment_methods(account_ref),
            recent_transactions=self.list_transactions(account_ref, limit=recent),
        )


# Names accepted in settings.WALLET_GATEWAY. Import paths, not classes, so this module stays
# importable before the app registry is ready (the sandbox imports models).
GATEWAYS: dict[str, str] = {
    "sandbox": "walletdesk.wallet.sandbox.gateway.SandboxWalletGateway",
}

_lock = threading.Lock()
_instance: WalletGateway | None = None


def get_gateway() -> WalletGateway:
    """The configured gateway, built once per process."""
    global _instance  # a per-process cache with an explicit reset
    with _lock:
        if _instance is None:
            _instance = _build(getattr(settings, "WALLET_GATEWAY", "sandbox"))
        return _instance


def reset_gateway() -> None:
    """Forget the cached gateway (tests, and whenever the setting changes)."""
    global _instance
    with _lock:
        _instance = None


def _build(name: str) -> WalletGateway:
    path = GATEWAYS.get(name)
    if path is None:
        known = ", ".join(sorted(GATEWAYS))
        raise ImproperlyConfigured(
            f"WALLET_GATEWAY={name!r} is not a wallet gateway; use one of: {known} "
            "(set WALLETDESK_WALLET_GATEWAY)."
        )
    gateway_class = import_string(path)
    gateway = gateway_class()
    if not isinstance(gateway, WalletGateway):
        raise ImproperlyConfigured(f"{path} is not a WalletGateway")
    return gateway


def _on_setting_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting == "WALLET_GATEWAY":
        reset_gateway()


setting_changed.connect(_on_setting_changed, dispatch_uid="walletdesk.wallet.reset_gateway")
