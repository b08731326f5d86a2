"""Intake fixtures: customers with sandbox wallets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.intake.support import declined_top_up_wallet
from walletdesk.identity.models import Customer


@pytest.fixture
def wallet_customer(make_customer: Callable[..., Customer]) -> tuple[Customer, str]:
    """A customer and the ref of their declined top-up."""
    account_ref, declined = declined_top_up_wallet()
    customer = make_customer(display_name="王小明", wallet_account_ref=account_ref)
    return customer, declined
