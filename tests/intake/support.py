"""A sandbox wallet for intake tests: a card whose bank now declines, one declined top-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from walletdesk.core import clock
from walletdesk.intake.answers import IntakeAnswers
from walletdesk.wallet.contracts import Asset, Money, PaymentMethodKind
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

STARTED = dt.datetime(2025, 3, 14, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing, before T0


def declined_top_up_wallet(holder: str = "王小明") -> tuple[str, str]:
    """(account ref, ref of a top-up the card's bank declined)."""
    with clock.frozen_at(STARTED):
        account = seeding.open_account(holder, assets=(Asset.CNY, Asset.USDT))
        card = seeding.add_payment_method(
            account.ref,
            kind=PaymentMethodKind.DEBIT_CARD,
            issuer="China Merchants Bank",
            last4="4242",
            expiry_month=12,
            expiry_year=2099,
        )
    seeding.configure_payment_method(card.ref, issuer_behaviour=IssuerBehaviour.DECLINE)
    with clock.frozen_at(STARTED + dt.timedelta(minutes=15)):
        declined = rails.top_up(
            account.ref,
            Money(50_000, Asset.CNY),
            payment_method_ref=card.ref,
            key=f"declined-{account.ref}",
        )
    return account.ref, declined.ref


def answers(problem_type: str = "topup_not_credited", **values: object) -> IntakeAnswers:
    given: Mapping[str, object] = {
        "happened": "I topped up 500 yuan at 10:15 and my balance did not change.",
        "tried": "I signed out and in again.",
        "articles": "Why is my top-up late?, Card declined",
        "occurred_at": STARTED + dt.timedelta(minutes=15),
        "amount": Money(50_000, Asset.CNY),
        **values,
    }
    return IntakeAnswers(problem_type=problem_type, values=given)
