"""Matching what a customer remembers to their own transactions, staged in the sandbox ledger.

The clock stands at Friday 14 March 2025, 10:00 Beijing time (02:00 UTC)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.utils import translation

from tests.wallet.support import T0, bank, card, cny, key, merchant, usdt
from walletdesk.core import clock
from walletdesk.intake.answers import SUGGESTED_KINDS, TransactionCriteria
from walletdesk.intake.matching import Candidate, candidates_find
from walletdesk.vocab.choices import ProblemType
from walletdesk.wallet.contracts import Asset, TransactionInfo, TransactionStatus
from walletdesk.wallet.sandbox import chain, rails, seeding

pytestmark = pytest.mark.django_db


def at(minutes_ago: float, action: Callable[[], TransactionInfo]) -> TransactionInfo:
    with clock.frozen_at(T0 - timedelta(minutes=minutes_ago)):
        return action()


def words(candidate: Candidate, language: str) -> list[str]:
    with translation.override(language):
        return [str(reason.words) for reason in candidate.reasons]


def codes(candidate: Candidate) -> set[str]:
    return {reason.code for reason in candidate.reasons}


@pytest.fixture
def coffee_morning() -> dict[str, TransactionInfo | str]:
    """王小明 has 50 yuan and a card; this morning one coffee payment failed for want of
    balance, around it a few that look alike. Another customer paid the same at the same time."""
    with clock.frozen_at(T0 - timedelta(days=2)):
        account = seeding.open_account("王小明").ref
        method = card(account)
        coffee = merchant("Lucky Coffee").ref
        books = merchant("星河书店").ref
        other = seeding.open_account("李雷").ref
        other_card = card(other, last4="9999")
    at(600, lambda: rails.top_up(account, cny("50.00"), payment_method_ref=method.ref, key=key()))
    at(
        600,
        lambda: rails.top_up(other, cny("500.00"), payment_method_ref=other_card.ref, key=key()),
    )
    failed = at(72, lambda: rails.pay(account, cny("88.00"), merchant_ref=coffee, key=key()))
    at(55, lambda: rails.pay(account, cny("30.00"), merchant_ref=coffee, key=key()))
    at(50, lambda: rails.top_up(account, cny("88.00"), payment_method_ref=method.ref, key=key()))
    at(40, lambda: rails.pay(account, cny("87.00"), merchant_ref=books, key=key()))
    at(3000, lambda: rails.pay(account, cny("88.00"), merchant_ref=books, key=key()))
    theirs = at(60, lambda: rails.pay(other, cny("88.00"), merchant_ref=coffee, key=key()))
    return {"account": account, "failed": failed, "theirs": theirs, "card": method.ref}


def test_the_failed_payment_ranks_first_with_its_reasons(coffee_morning: dict) -> None:
    failed = coffee_morning["failed"]
    assert failed.status == TransactionStatus.FAILED
    criteria = TransactionCriteria(
        around=T0 - timedelta(hours=1),  # "about nine"
        amount=cny("88.00"),
        counterparty="lucky coffee",
        kinds=SUGGESTED_KINDS[ProblemType.TRANSACTION_FAILED],
    )
    found = candidates_find(coffee_morning["account"], criteria)
    assert found[0].transaction.ref == failed.ref
    assert codes(found[0]) == {
        "same_amount",
        "close_in_time",
        "same_counterparty",
        "fitting_kind",
        "failed",
    }
    english, chinese = words(found[0], "en"), words(found[0], "zh-hans")
    assert english[0] == "Same amount"
    assert chinese[0] == "同一金额"
    assert "12 min from the time you gave" in english
    assert "与您说的时间相差 12 分钟" in chinese
    assert "Payment, which fits the problem you described" in english
    assert "It failed" in english
    assert "这笔交易失败了" in chinese
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)


def test_nothing_from_another_account_and_at_most_five(coffee_morning: dict) -> None:
    criteria = TransactionCriteria(around=T0 - timedelta(hours=1), amount=cny("88.00"))
    found = candidates_find(coffee_morning["account"], criteria)
    refs = [c.transaction.ref for c in found]
    assert coffee_morning["theirs"].ref not in refs
    assert 1 < len(found) <= 5
    # The gateway is not asked by amount: the 87-yuan payment is still offered, lower down.
    amounts = [c.transaction.amount for c in found]
    assert cny("87.00") in amounts
    assert amounts.index(cny("87.00")) > amounts.index(cny("88.00"))
    # Two days ago is out of reach of "about nine this morning".
    assert all(c.transaction.created_at > T0 - timedelta(days=1, hours=2) for c in found)


def test_a_period_and_the_card_the_customer_names(coffee_morning: dict) -> None:
    criteria = TransactionCriteria(
        around=T0 - timedelta(minutes=52),
        until=T0 - timedelta(minutes=45),
        payment_method_hint="debit card ending 4242",
        kinds=SUGGESTED_KINDS[ProblemType.TOPUP_NOT_CREDITED],
    )
    found = candidates_find(coffee_morning["account"], criteria)
    best = found[0]
    assert best.transaction.payment_method_ref == coffee_morning["card"]
    assert best.transaction.amount == cny("88.00")
    assert {"in_period", "same_method", "fitting_kind"} <= codes(best)
    assert "Within the time you gave" in words(best, "en")
    assert "尾号 4242 的卡或账户，与您说的一致" in words(best, "zh-hans")


def test_the_method_picked_from_the_list(coffee_morning: dict) -> None:
    criteria = TransactionCriteria(
        around=T0 - timedelta(hours=4), payment_method_ref=coffee_morning["card"]
    )
    best = candidates_find(coffee_morning["account"], criteria)[0]
    assert "same_method" in codes(best)
    assert "使用的是您选择的支付方式" in words(best, "zh-hans")
    assert best.transaction.amount == cny("88.00")  # the top-up 3 h 10 min later than said
    assert "About 3 h from the time you gave" in words(best, "en")
    assert "与您说的时间相差约 3 小时" in words(best, "zh-hans")


def test_a_transaction_hash_alone_finds_the_stuck_deposit() -> None:
    with clock.frozen_at(T0 - timedelta(days=10)):
        account = seeding.open_account("Chen", assets=(Asset.CNY, Asset.USDT)).ref
        bank(account)
    tx_hash = "0x" + "7e3a" * 16
    stuck = at(
        60 * 24 * 5,
        lambda: chain.crypto_deposit(
            account,
            usdt("250"),
            network="ethereum",
            tx_hash=tx_hash,
            address="TQ7depositAddr000000000000000000001",
            expected_network="tron",
            key=key(),
        ),
    )
    at(
        30,
        lambda: chain.crypto_deposit(
            account,
            usdt("250"),
            network="tron",
            tx_hash="aa" * 32,
            address="TQ7depositAddr000000000000000000001",
            confirmations=30,
            key=key(),
        ),
    )
    criteria = TransactionCriteria(around=T0, tx_hash="0x" + "7E3A" * 16, time_known=False)
    found = candidates_find(account, criteria)
    assert found[0].transaction.ref == stuck.ref
    assert words(found[0], "en")[0] == "Same transaction hash"
    assert words(found[0], "zh-hans")[0] == "交易哈希相同"
    assert "close_in_time" not in codes(found[0])  # no time was remembered


def test_a_time_far_off_scores_by_distance_alone(coffee_morning: dict) -> None:
    criteria = TransactionCriteria(around=datetime(2025, 3, 13, 22, 0, tzinfo=T0.tzinfo))
    found = candidates_find(coffee_morning["account"], criteria)
    times = [abs(c.transaction.created_at - criteria.around) for c in found]
    assert times == sorted(times)
