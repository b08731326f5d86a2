"""intake_validate: every rule, every message in both languages, every error at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from tests.wallet.support import T0
from walletdesk.core.errors import ValidationFailed
from walletdesk.intake.answers import IntakeAnswers, intake_validate
from walletdesk.intake.definitions import DEFINITIONS
from walletdesk.vocab.choices import ProblemType
from walletdesk.wallet.contracts import Asset, Money, TransactionKind

TOPUP = DEFINITIONS[ProblemType.TOPUP_NOT_CREDITED]
PAYMENT = DEFINITIONS[ProblemType.PAYMENT_METHOD]
ETH_HASH = "0x" + "ab" * 32
BTC_HASH = "cd" * 32


def ok(definition: Any = TOPUP, *, signed_in: bool = True, **data: str) -> IntakeAnswers:
    data.setdefault("happened", "My top-up did not arrive.")
    if not signed_in:
        data.setdefault("identifier", "wang@example.com")
    return intake_validate(
        definition,
        data,
        signed_in=signed_in,
        transaction_refs={"txn_mine"},
        payment_method_refs={"pm_mine"},
    )


def errors(language: str, definition: Any = TOPUP, **data: str) -> dict[str, list[str]]:
    data.setdefault("happened", "x")
    with translation.override(language), pytest.raises(ValidationFailed) as caught:
        intake_validate(
            definition,
            data,
            signed_in=data.pop("_signed_in", "1") == "1",
            transaction_refs={"txn_mine"},
            payment_method_refs={"pm_mine"},
        )
    return caught.value.fields


def both(field: str, en: str, zh: str, **data: str) -> None:
    assert any(en in m for m in errors("en", **data)[field]), errors("en", **data)
    assert any(zh in m for m in errors("zh-hans", **data)[field]), errors("zh-hans", **data)


def test_a_full_answer_becomes_typed_values() -> None:
    answers = ok(
        occurred_at="2025-03-14T09:30",
        occurred_until="2025-03-14T09:50",
        amount="1,000.50",
        currency="cny",
        payment_method="pm_mine",
        counterparty="  橙子超市 ",
        transaction="txn_mine",
    )
    assert answers.values["amount"] == Money(100050, Asset.CNY)
    assert answers.values["occurred_at"] == datetime(2025, 3, 14, 1, 30, tzinfo=UTC)
    assert answers.text("counterparty") == "橙子超市"
    assert answers.as_json()["amount"] == "1000.50 CNY"
    assert answers.as_json()["occurred_at"] == "2025-03-14T09:30:00+08:00"
    criteria = answers.criteria()
    assert criteria is not None
    assert criteria.amount == Money(100050, Asset.CNY)
    assert criteria.payment_method_ref == "pm_mine"
    assert criteria.until == datetime(2025, 3, 14, 1, 50, tzinfo=UTC)
    assert criteria.kinds == {TransactionKind.TOPUP, TransactionKind.CRYPTO_DEPOSIT}


def test_every_error_is_reported_at_once() -> None:
    fields = errors("en", happened="", amount="1.234", currency="CNY", occurred_at="tomorrow")
    assert set(fields) == {"happened", "amount", "occurred_at"}
    both("happened", "Please answer this question.", "请回答这个问题", happened="")


def test_amount_precision_follows_the_currency() -> None:
    both(
        "amount",
        "CNY amounts have at most 2 decimal places",
        "最多有 2 位小数",
        amount="10.001",
        currency="CNY",
    )
    both(
        "amount",
        "BTC amounts have at most 8 decimal places",
        "BTC 金额最多有 8 位小数",
        amount="0.000000001",
        currency="BTC",
    )
    assert ok(amount="0.00000001", currency="BTC").values["amount"] == Money(1, Asset.BTC)
    assert ok(amount="１２.５", currency="USDT").values["amount"] == Money(12_500_000, Asset.USDT)


@pytest.mark.parametrize("amount", ["0", "-5", "0.00"])
def test_zero_and_negative_amounts_are_refused(amount: str) -> None:
    both("amount", "more than zero", "金额必须大于零", amount=amount, currency="CNY")


def test_an_amount_needs_a_number_and_a_currency() -> None:
    both("amount", "as a number", "请用数字填写金额", amount="lots", currency="CNY")
    both("currency", "currency of the amount", "请选择金额的币种", amount="5")
    both("currency", "choose one of the options", "请从选项中选择", amount="5", currency="DOGE")


def test_times_are_beijing_unless_aware_and_a_date_alone_is_that_day() -> None:
    aware = ok(occurred_at="2025-03-13T10:00:00+00:00").values["occurred_at"]
    assert aware == datetime(2025, 3, 13, 10, 0, tzinfo=UTC)
    spaced = ok(occurred_at="2025/03/13 18:00").values["occurred_at"]
    assert spaced == datetime(2025, 3, 13, 10, 0, tzinfo=UTC)
    day = ok(occurred_at="2025-03-12")
    assert day.values["occurred_at"] == datetime(2025, 3, 11, 16, 0, tzinfo=UTC)
    assert day.values["occurred_until"] == datetime(2025, 3, 12, 15, 59, 59, tzinfo=UTC)
    today = ok(occurred_at="2025-03-14").values["occurred_until"]
    assert today == T0  # the rest of today has not happened yet


def test_times_must_be_readable_and_not_in_the_future() -> None:
    both("occurred_at", "Please enter a date and time", "请填写日期和时间", occurred_at="soon")
    both("occurred_at", "in the future", "晚于现在", occurred_at="2025-03-14T10:30")
    assert ok(occurred_at="2025-03-14T10:03").values["occurred_at"]  # a clock a bit ahead


def test_a_range_ends_after_it_starts_and_lasts_at_most_31_days() -> None:
    both(
        "occurred_until",
        "after its start",
        "必须晚于开始",
        occurred_at="2025-03-14T09:00",
        occurred_until="2025-03-14T08:00",
    )
    both(
        "occurred_until",
        "at most 31 days",
        "最长为 31 天",
        occurred_at="2025-01-01T09:00",
        occurred_until="2025-03-14T08:00",
    )
    both(
        "occurred_until",
        "start of the period first",
        "请先填写时间段的开始",
        occurred_until="2025-03-14T08:00",
    )
    fields = errors("en", occurred_at="bad", occurred_until="2025-03-14T08:00")
    assert "occurred_until" not in fields  # the start's own message is enough


def test_tx_hash_format_depends_on_the_network() -> None:
    assert ok(currency="USDT", network="ethereum", tx_hash=ETH_HASH.upper().replace("0X", "0x"))
    assert ok(currency="BTC", network="bitcoin", tx_hash=BTC_HASH).text("tx_hash") == BTC_HASH
    assert ok(currency="USDT", network="tron", tx_hash=BTC_HASH)
    both("tx_hash", "0x followed by 64", "0x 加 64 个字符", network="ethereum", tx_hash=BTC_HASH)
    both("tx_hash", "should be 64 characters", "应为 64 个字符", network="tron", tx_hash=ETH_HASH)
    both("tx_hash", "does not look like", "不像交易哈希", tx_hash="hello")
    assert ok(tx_hash=ETH_HASH).text("tx_hash") == ETH_HASH  # no network: either format


def test_network_is_known_and_fits_the_currency() -> None:
    both("network", "choose one of the options", "请从选项中选择", network="solana")
    both(
        "network",
        "BTC is not sent on Ethereum (ERC-20); it uses Bitcoin",
        "BTC 不在以太坊",
        currency="BTC",
        network="ethereum",
    )
    both(
        "network",
        "USDT is not sent on Bitcoin",
        "USDT 不在比特币",
        currency="USDT",
        network="bitcoin",
    )
    both(
        "network",
        "CNY is not sent on a blockchain",
        "CNY 不通过区块链发送",
        currency="CNY",
        network="tron",
    )


def test_identifier_is_an_email_or_a_phone() -> None:
    answers = ok(signed_in=False, identifier="+86 138-0013-8000")
    assert answers.text("identifier") == "+8613800138000"
    assert ok(signed_in=False, identifier="Wang@Example.COM").text("identifier") == (
        "Wang@example.com"
    )
    both("identifier", "valid email", "邮箱", _signed_in="0", identifier="wang@nowhere")
    both("identifier", "+86 138 0013 8000", "+86", _signed_in="0", identifier="12")
    both("identifier", "Please answer", "请回答", _signed_in="0")


def test_refs_must_be_the_requesters_own() -> None:
    both("transaction", "one of your own transactions", "您自己的交易", transaction="txn_other")
    both(
        "payment_method", "your own payment methods", "您自己的支付方式", payment_method="pm_other"
    )
    signed_out = ok(PAYMENT, signed_in=False, payment_method="debit card 4821")
    assert signed_out.values["payment_method"] == "debit card 4821"


def test_text_length_and_choices_are_bounded() -> None:
    both("happened", "at most 4000 characters", "4000 个字符以内", happened="x" * 4001)
    phishing = DEFINITIONS[ProblemType.PHISHING_REPORT]
    both(
        "source",
        "choose one of the options",
        "请从选项中选择",
        definition=phishing,
        source="pigeon",
    )
    assert ok(phishing, source="sms").text("source") == "sms"
    both("address", "no spaces", "不能有空格", address="T abc")


def test_criteria_need_a_time_or_a_hash() -> None:
    assert ok().criteria() is None
    assert (
        ok(
            DEFINITIONS[ProblemType.FEES_LIMITS], fee_or_limit="x", occurred_at="2025-03-14T09:00"
        ).criteria()
        is None
    )
    by_hash = ok(tx_hash=BTC_HASH).criteria()
    assert by_hash is not None
    assert not by_hash.time_known
    assert by_hash.around == T0
    signed_out = ok(
        PAYMENT, signed_in=False, occurred_at="2025-03-14T09:00", payment_method="card 4821"
    ).criteria()
    assert signed_out is not None
    assert signed_out.payment_method_ref is None
    assert signed_out.payment_method_hint == "card 4821"
    assert signed_out.around == T0 - timedelta(hours=1)
    assert signed_out.kinds == {
        TransactionKind.TOPUP,
        TransactionKind.PAYMENT,
        TransactionKind.WITHDRAWAL,
    }
