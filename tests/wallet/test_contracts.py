"""Money is exact and formats like a receipt; every enum member has a label for the UI."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.utils.functional import Promise
from django.utils.translation import override

from walletdesk.wallet import contracts
from walletdesk.wallet.contracts import ASSET_PRECISION, Asset, LabelledEnum, Money


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(123450, Asset.CNY), "1,234.50 CNY"),
        (Money(5, Asset.USD), "0.05 USD"),
        (Money(0, Asset.CNY), "0.00 CNY"),
        (Money(150000, Asset.BTC), "0.00150000 BTC"),
        (Money(1_000_000_000, Asset.USDT), "1,000.000000 USDT"),
        (Money(-123450, Asset.CNY), "-1,234.50 CNY"),
        (Money(123_456_789_012_345_678_901_234_567_890, Asset.CNY), None),
    ],
)
def test_str_groups_thousands_and_shows_every_decimal(money: Money, text: str | None) -> None:
    if text is None:  # beyond Decimal's default 28 digits: still exact, no rounding
        text = "1,234,567,890,123,456,789,012,345,678.90 CNY"
    assert str(money) == text


@pytest.mark.parametrize(
    ("given", "asset", "minor"),
    [
        ("1234.5", Asset.CNY, 123450),
        ("1234.50", Asset.CNY, 123450),
        (" 0.01 ", Asset.CNY, 1),
        (Decimal("0.0015"), Asset.BTC, 150000),
        ("1.500", Asset.CNY, 150),  # trailing zeros are not extra precision
        ("1E+2", Asset.USD, 10000),
        (7, Asset.USDT, 7_000_000),
        ("-2.5", Asset.CNY, -250),
        ("12345678901234567890123456789.01", Asset.CNY, 1234567890123456789012345678901),
    ],
)
def test_from_decimal_is_exact(given: Decimal | str | int, asset: Asset, minor: int) -> None:
    assert Money.from_decimal(given, asset) == Money(minor, asset)


@pytest.mark.parametrize(
    ("given", "asset"),
    [
        ("1.005", Asset.CNY),
        ("0.000000001", Asset.BTC),
        ("0.0000001", Asset.USDT),
        ("abc", Asset.CNY),
        ("", Asset.CNY),
        ("NaN", Asset.CNY),
        ("Infinity", Asset.USD),
    ],
)
def test_from_decimal_refuses_what_it_cannot_represent(given: str, asset: Asset) -> None:
    with pytest.raises(ValueError, match=r"not a number|not a finite amount|decimal places"):
        Money.from_decimal(given, asset)


def test_floats_never_get_in() -> None:
    with pytest.raises(TypeError):
        Money.from_decimal(0.1, Asset.CNY)  # type: ignore[arg-type]  # the point of the test
    with pytest.raises(TypeError):
        Money(1.0, Asset.CNY)  # type: ignore[arg-type]  # the point of the test
    with pytest.raises(TypeError):
        Money(True, Asset.CNY)


def test_decimal_round_trips_with_the_assets_precision() -> None:
    for asset, places in ASSET_PRECISION.items():
        money = Money(123456789, asset)
        assert money.decimal.as_tuple().exponent == -places
        assert Money.from_decimal(money.decimal, asset) == money


def test_money_is_frozen_and_accepts_the_plain_asset_code() -> None:
    money = Money(100, "CNY")  # type: ignore[arg-type]  # as read from JSON or a row
    assert money.asset is Asset.CNY
    with pytest.raises(dataclasses.FrozenInstanceError):
        money.amount_minor = 5  # type: ignore[misc]  # the point of the test
    with pytest.raises(ValueError, match="not a valid Asset"):
        Money(100, "DOGE")  # type: ignore[arg-type]  # the point of the test


def _labelled_enums() -> list[type[LabelledEnum]]:
    return [
        value
        for value in vars(contracts).values()
        if isinstance(value, type) and issubclass(value, LabelledEnum) and value is not LabelledEnum
    ]


@pytest.mark.parametrize("enum", _labelled_enums(), ids=lambda enum: enum.__name__)
def test_every_member_has_a_short_label(enum: type[LabelledEnum]) -> None:
    with override("en"):
        for member in enum:
            assert member.label
            assert len(member.label) <= 40
    choices = enum.choices()
    assert [value for value, _label in choices] == [member.value for member in enum]
    assert all(isinstance(label, Promise) for _value, label in choices)


def test_members_are_their_stable_codes_and_labels_are_english_source_text() -> None:
    # Codes go into tickets, JSON and templates as plain strings.
    assert str(contracts.TransactionKind.TOPUP) == "topup"
    assert f"{contracts.FailureCode.RISK_HOLD}" == "risk_hold"
    outgoing: str = contracts.Direction.OUT
    assert outgoing == "out"
    with override("en"):
        assert contracts.FailureCode.RISK_HOLD.label == "Held for risk review"
        assert contracts.TransactionKind.TOPUP.label == "Top-up"
        assert contracts.MerchantStatus.MAINTENANCE.label == "Under maintenance"
