"""Intake tests run on a frozen clock (Friday 14 March 2025, 10:00 Beijing time), with
customers whose sandbox wallets were set up shortly before."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.intake.support import declined_top_up_wallet
from tests.wallet.support import T0
from walletdesk.core import clock
from walletdesk.identity.models import Customer
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


@pytest.fixture
def wallet_customer(make_customer: Callable[..., Customer]) -> tuple[Customer, str]:
    """A customer and the ref of their declined top-up."""
    account_ref, declined = declined_top_up_wallet()
    customer = make_customer(display_name="王小明", wallet_account_ref=account_ref)
    return customer, declined
