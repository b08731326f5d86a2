"""What the classifier reads: normalised text, its language, and its word tokens.

Customers type full-width letters and digits (ＡＢＣ１２３), shout (HELP!!!), stretch words
("pleeease", "急急急急") and mix Chinese with English terms. Normalising first makes all of those
look like the sentences the model learnt from: NFKC (full-width becomes ASCII), casefold, and
any run of three or more of one character squeezed to two.
"""

from __future__ import annotations

import re
import unicodedata

from walletdesk.core.search.segment import segment

MAX_CHARS = 2000
_REPEATS = re.compile(r"(.)\1{2,}", re.DOTALL)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")
CJK_SHARE = 0.2  # a text whose letters are at least this share Han is read as Chinese


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()
    text = _REPEATS.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


def detect_language(text: str) -> str:
    """ "zh-hans" when Han characters make up at least `CJK_SHARE` of the letters, else "en".
    One Han character counts for one letter, so "我的 password 忘了" reads as Chinese."""
    letters = _LETTER.findall(text)
    if not letters:
        return "zh-hans"
    han = sum(1 for ch in letters if _HAN.match(ch))
    return "zh-hans" if han / len(letters) >= CJK_SHARE else "en"


def words(text: str) -> list[str]:
    """Word tokens of normalised text: rjieba words for Chinese, Snowball stems for English —
    the search engine's segmentation, so the assistant and search agree on what a word is."""
    return segment(text)
