"""One segmentation for both stores: Chinese words whole, English stemmed, full-width folded,
and nothing in a token that a MATCH or tsquery could read as syntax."""

from __future__ import annotations

import re

import pytest

from walletdesk.core.search import query_tokens, segment

SAFE = re.compile(r"^[^\W_]+$")


@pytest.mark.parametrize("word", ["提现", "冻结", "充值", "到账", "银行卡", "钱包"])
def test_domain_words_stay_whole(word: str) -> None:
    assert word in segment(f"我的{word}出了问题")


def test_search_mode_also_emits_the_short_words_inside_long_ones() -> None:
    assert {"银行", "银行卡"} <= set(segment("绑定银行卡失败"))


def test_english_is_lower_cased_and_stemmed() -> None:
    assert segment("Refunds REFUNDED refunding") == ["refund", "refund", "refund"]


def test_full_width_is_half_width() -> None:
    assert segment("ＵＳＤＴ　１２３") == ["usdt", "123"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        'a" OR b',
        "NEAR(a b)",
        "a AND OR NOT",
        "*",
        "pre*",
        "a:b",
        "(((",
        ")",
        "'",
        "\\",
        "^a",
        "a & !b | c",
        "col:term",
        "-x",
        "{a b}",
        "<->",
        "%",
        "\x00",
        "🙂" * 30,
    ],
)
def test_tokens_carry_no_query_syntax(hostile: str) -> None:
    assert all(SAFE.match(token) for token in query_tokens(hostile))


def test_query_is_capped() -> None:
    assert len(query_tokens(" ".join(f"w{n}" for n in range(100)))) == 16
