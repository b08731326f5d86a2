"""Fixtures for the wallet tests. Time is frozen at `support.T0` unless a test moves it."""

from __future__ import annotations

import pytest

from tests.wallet.clocked import _fresh_gateway, _frozen_clock  # noqa: F401 (autouse fixtures)
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway


@pytest.fixture
def gateway(db: None) -> SandboxWalletGateway:
    return SandboxWalletGateway()
