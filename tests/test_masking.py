from __future__ import annotations

import pytest

from walletdesk.core.masking import card_tail, mask_email, mask_phone


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("xiaoming@example.com", "x***@example.com"),
        ("a@b.cn", "a***@b.cn"),
        ("", ""),
        (None, ""),
        ("no-at-sign", "****"),
    ],
)
def test_mask_email(raw: str | None, shown: str) -> None:
    assert mask_email(raw) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("+8613800138000", "+86 138****8000"),
        ("+14155550123", "+141****0123"),
        ("+4420", "****"),
        ("", ""),
    ],
)
def test_mask_phone(raw: str, shown: str) -> None:
    assert mask_phone(raw) == shown


def test_card_tail_keeps_four_digits_whatever_it_is_given() -> None:
    assert card_tail("**** 4242") == "•••• 4242"
    assert card_tail("4111111111111111") == "•••• 1111"
    assert card_tail("") == "••••"
