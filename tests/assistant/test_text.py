"""Normalising and language detection: what the classifier reads."""

from __future__ import annotations

import pytest

from walletdesk.assistant.text import detect_language, normalise


def test_full_width_letters_and_digits_become_ascii_and_lower_case() -> None:
    assert normalise("ＭＹ ＴＯＰ－ＵＰ　５００") == "my top-up 500"


def test_runs_of_one_character_are_squeezed_to_two() -> None:
    assert normalise("pleeeeease HELP!!!!!") == "pleease help!!"
    assert normalise("急急急急急") == "急急"
    assert normalise("good  \n money") == "good money"  # spaces collapse; "oo" stays


def test_only_the_first_two_thousand_characters_count() -> None:
    assert len(normalise("a b " * 5000)) <= 2000


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我的钱包被盗了", "zh-hans"),
        ("我的 password 忘了", "zh-hans"),
        ("my top-up of 500 CNY did not arrive", "en"),
        ("my 钱包 was stolen by a thief yesterday", "en"),
        ("12345 !!!", "zh-hans"),  # no letters: the default language
    ],
)
def test_the_language_is_the_share_of_chinese_characters(text: str, language: str) -> None:
    assert detect_language(normalise(text)) == language
