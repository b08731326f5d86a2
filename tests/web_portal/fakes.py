"""Wallet gateways that misbehave on purpose, installed through the real `get_gateway` seam."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from walletdesk.wallet import gateway as gateway_module
from walletdesk.wallet.contracts import (
    AccountInfo,
    AccountStatus,
    MerchantInfo,
    Money,
    PaymentMethodInfo,
    PaymentMethodKind,
    PaymentMethodStatus,
    TransactionInfo,
    WalletSummary,
)
from walletdesk.wallet.errors import WalletUnavailable
from walletdesk.wallet.gateway import WalletGateway

_MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class UnavailableGateway(WalletGateway):
    """A wallet core that does not answer."""

    def _down(self, *_args: Any, **_kwargs: Any) -> Any:
        raise WalletUnavailable()

    get_account = list_balances = list_payment_methods = list_transactions = _down
    get_transaction = find_transactions = get_merchant = freeze = unfreeze = _down
    summary = diagnose = deposit_address_owned = _down


class LeakyGateway(WalletGateway):
    """A wallet core that breaks the contract by sending a full card number."""

    FULL_NUMBER = "4111111111111111"

    def get_account(self, account_ref: str) -> AccountInfo:
        return AccountInfo(
            ref=account_ref,
            holder_name="Leaky",
            status=AccountStatus.ACTIVE,
            created_at=_MOMENT,
            frozen_at=None,
            frozen_by="",
            frozen_reason="",
        )

    def list_balances(self, account_ref: str) -> list[Money]:
        return []

    def list_payment_methods(self, account_ref: str) -> list[PaymentMethodInfo]:
        return [
            PaymentMethodInfo(
                ref="pm_leaky",
                kind=PaymentMethodKind.CREDIT_CARD,
                issuer="Leaky Bank",
                masked_number=self.FULL_NUMBER,
                expiry_month=1,
                expiry_year=2030,
                status=PaymentMethodStatus.ACTIVE,
            )
        ]

    def list_transactions(self, account_ref: str, **_filters: Any) -> list[TransactionInfo]:
        return []

    def summary(self, account_ref: str, *, recent: int = 10) -> WalletSummary:
        return WalletSummary(
            account=self.get_account(account_ref),
            balances=[],
            payment_methods=self.list_payment_methods(account_ref),
            recent_transactions=[],
        )

    def _unused(self, *_args: Any, **_kwargs: Any) -> Any:
        raise NotImplementedError

    get_transaction = find_transactions = freeze = unfreeze = _unused
    diagnose = deposit_address_owned = _unused

    def get_merchant(self, merchant_ref: str) -> MerchantInfo:
        raise NotImplementedError


@contextmanager
def installed(gateway_class: type[WalletGateway], settings: Any) -> Iterator[None]:
    """Make `get_gateway()` build `gateway_class`, as a deployment would by configuration."""
    name = f"portal-test-{gateway_class.__name__}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(
            gateway_module.GATEWAYS, name, f"{gateway_class.__module__}.{gateway_class.__name__}"
        )
        settings.WALLET_GATEWAY = name  # the gateway cache resets on setting_changed
        try:
            yield
        finally:
            settings.WALLET_GATEWAY = "sandbox"
