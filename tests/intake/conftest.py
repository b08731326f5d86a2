"""Intake tests run on a frozen clock (Friday 14 March 2025, 10:00 Beijing time), with
customers whose sandbox wallets were set up shortly before."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.intake.support import declined_top_up_wallet
from tests.wallet.clocked import _fresh_gateway, _frozen_clock  # noqa: F401 (autouse fixtures)
from walletdesk.identity.models import Customer


@pytest.fixture
def wallet_customer(make_customer: Callable[..., Customer]) -> tuple[Customer, str]:
    """A customer and the ref of their declined top-up."""
    account_ref, declined = declined_top_up_wallet()
    customer = make_customer(display_name="王小明", wallet_account_ref=account_ref)
    return customer, declined
