"""Turn text into the tokens both search backends index: one segmentation for every database.

Chinese runs go through rjieba's `cut_for_search` (which also emits the shorter words inside
long ones, so 银行 finds 银行卡), with the wallet's own words added to its dictionary so that
到账 or 提现 stay whole. Everything else is split into runs of letters and digits, lower-cased
and, for Latin words, stemmed with Snowball's English stemmer (PyStemmer), so "refunds" finds
"refund". Text is NFKC-normalised first: full-width letters, digits and punctuation are their
half-width selves. Tokens hold only letters and digits, so a query built from them cannot carry
FTS5 or tsquery syntax.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import rjieba
import Stemmer

# Words customers and agents use that the general dictionary splits or does not know.
DOMAIN_WORDS = (
    "提现",
    "冻结",
    "解冻",
    "充值",
    "到账",
    "未到账",
    "银行卡",
    "钱包",
    "转账",
    "退款",
    "手续费",
    "助记词",
    "私钥",
    "验证码",
    "实名认证",
    "交易哈希",
    "客服",
    "盗号",
    "被盗",
    "钓鱼",
    "扣款",
    "余额",
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")
_LATIN = re.compile(r"[a-z]+")
MAX_TOKEN_CHARS = 64


@functools.cache
def _jieba() -> None:
    for word in DOMAIN_WORDS:
        rjieba.add_word(word, 20000, None)


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def normalise(text: str) -> str:
    """NFKC and lower case: what snippets are cut from and what the index was built from."""
    return unicodedata.normalize("NFKC", text).lower()


def segment(text: str, language: str = "zh-hans") -> list[str]:
    """The index tokens of `text`, in order. `language` is the document's language; Latin
    words are stemmed as English in either, since Chinese messages quote English terms."""
    del language  # one pipeline for both languages today; kept so callers need not change
    _jieba()
    stem = _stemmer().stemWord
    tokens: list[str] = []
    for han, other in _RUNS.findall(normalise(text)):
        if han:
            tokens.extend(word for word in rjieba.cut_for_search(han) if word.strip())
        elif _LATIN.fullmatch(other):
            tokens.append(stem(other))
        else:
            tokens.append(other)
    return [token[:MAX_TOKEN_CHARS] for token in tokens]


def segmented(text: str, language: str = "zh-hans") -> str:
    """`segment` joined by spaces: the text the FTS5 column and the tsvector are built from."""
    return " ".join(segment(text, language))


def highlight_terms(text: str, language: str = "zh-hans") -> list[str]:
    """What to look for in original text to highlight a query: its words as typed (normalised)
    and their stems, longest first so "refunds" is marked whole before "refund"."""
    _jieba()
    stem = _stemmer().stemWord
    found: set[str] = set()
    for han, other in _RUNS.findall(normalise(text)):
        if han:
            found.update(word for word in rjieba.cut_for_search(han) if word.strip())
        else:
            found.add(other)
            if _LATIN.fullmatch(other):
                found.add(stem(other))
    return sorted(found, key=lambda term: (-len(term), term))
