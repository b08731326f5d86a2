"""The wallet tests' clock and gateway: time frozen at `support.T0` unless a test moves it, and a
gateway built afresh for every test. Imported by the conftests of the suites that stage
sandbox wallets (wallet, intake)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wallet.support import T0
from walletdesk.core import clock
from walletdesk.wallet.gateway import reset_gateway


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with clock.frozen_at(T0):
        yield


@pytest.fixture(autouse=True)
def _fresh_gateway() -> Iterator[None]:
    reset_gateway()
    yield
    reset_gateway()
