"""`get_gateway()` builds the configured gateway once and says clearly when it cannot."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from walletdesk.wallet.gateway import WalletGateway, get_gateway, reset_gateway
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway


def test_sandbox_is_the_default_and_is_built_once(settings: Any) -> None:
    settings.WALLET_GATEWAY = "sandbox"
    gateway = get_gateway()
    assert isinstance(gateway, SandboxWalletGateway)
    assert get_gateway() is gateway
    reset_gateway()
    assert get_gateway() is not gateway


def test_an_unknown_gateway_is_a_configuration_error(settings: Any) -> None:
    get_gateway()  # cache the sandbox first: changing the setting must forget it
    settings.WALLET_GATEWAY = "http"
    with pytest.raises(ImproperlyConfigured, match=r"WALLET_GATEWAY='http'.*sandbox"):
        get_gateway()


def test_summary_is_built_from_the_abstract_reads() -> None:
    """A gateway only has to implement the reads; `summary` composes them."""
    abstract = WalletGateway.__abstractmethods__
    assert "summary" not in abstract
    assert {"get_account", "list_balances", "list_payment_methods", "list_transactions"} <= abstract
