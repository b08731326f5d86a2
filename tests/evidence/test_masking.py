"""Card numbers in free text, and the strings written into the PDF's CSS."""

from __future__ import annotations

import pytest

from walletdesk.security.evidence.masking import mask_card_numbers
from walletdesk.security.evidence.render import FetchRefused, _no_fetch, css_string


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("卡号 4111 1111 1111 1111 被盗", "卡号 •••• 1111 被盗"),
        ("card 4111-1111-1111-1111.", "card •••• 1111."),
        ("6222021234567890128", "•••• 0128"),  # a 19-digit UnionPay-style number
        ("订单号 1234567890123", "订单号 1234567890123"),  # fails Luhn: an order number stays
        ("phone 13800138000", "phone 13800138000"),  # too short to be a card
    ],
)
def test_card_numbers_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_card_numbers(text) == masked


def test_css_strings_cannot_end_early() -> None:
    literal = css_string('报警 "x" \\ </style><script>')
    assert literal.startswith('"')
    assert literal.endswith('"')
    body = literal[1:-1]
    assert '"' not in body
    assert "<" not in body
    assert "\\\\" not in body
    assert "报警" in body


def test_the_pdf_renderer_fetches_nothing() -> None:
    with pytest.raises(FetchRefused):
        _no_fetch("file:///etc/passwd")
