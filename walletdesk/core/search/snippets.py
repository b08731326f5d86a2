"""Highlighted snippets: the stretch of a document's text around the first hit, with every hit
wrapped in <mark>. The text is escaped piece by piece, so user text never reaches the page
unescaped; only the <mark> tags are ours."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from walletdesk.core.search.segment import highlight_terms

DEFAULT_WIDTH = 120
_SPACE = re.compile(r"\s+")


def _fold(ch: str) -> str:
    """One character as the index saw it (NFKC, lower case), when that stays one character."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def _display(text: str) -> tuple[str, str]:
    """The text as written (spaces collapsed) and a folded copy of the same length, in which
    a full-width ＵＳＤＴ is found by "usdt" while the page still shows what the person wrote."""
    shown = _SPACE.sub(" ", text).strip()
    return shown, "".join(_fold(ch) for ch in shown)


def _hits(lowered: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of terms, longest terms winning."""
    taken: list[tuple[int, int]] = []
    for term in terms:
        start = lowered.find(term)
        while start != -1:
            end = start + len(term)
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
            start = lowered.find(term, end)
    return sorted(taken)


def snippet(text: str, query: str, *, width: int = DEFAULT_WIDTH) -> SafeString:
    """`width` characters of `text` around the first place `query` matches, hits marked."""
    shown, lowered = _display(text)
    spans = _hits(lowered, [term for term in highlight_terms(query) if term])
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(shown) - width))
    end = min(len(shown), start + width)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for hit_start, hit_end in spans:
        if hit_start < start or hit_end > end:
            continue
        parts.append(escape(shown[cursor:hit_start]))
        parts.append("<mark>" + escape(shown[hit_start:hit_end]) + "</mark>")
        cursor = hit_end
    parts.append(escape(shown[cursor:end]))
    parts.append("…" if end < len(shown) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
