"""Fixtures for the wallet tests. Time is frozen at `support.T0` unless a test moves it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wallet.support import T0
from walletdesk.core import clock
from walletdesk.wallet.gateway import reset_gateway
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with clock.frozen_at(T0):
        yield


@pytest.fixture(autouse=True)
def _fresh_gateway() -> Iterator[None]:
    reset_gateway()
    yield
    reset_gateway()


@pytest.fixture
def gateway(db: None) -> SandboxWalletGateway:
    return SandboxWalletGateway()
