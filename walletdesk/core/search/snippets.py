"""Highlighted snippets: the stretch of a document's text around the first hit, with every hit
wrapped in <mark>. The text is escaped piece by piece, so user text never reaches the page
unescaped; only the <mark> tags are ours."""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from walletdesk.core.search.segment import highlight_terms

DEFAULT_WIDTH = 120
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)
def _fold(ch: str) -> str:
    """One character as the index saw it (NFKC, lower case), when that stays one character."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def _display(text: str) -> tuple[str, str]:
    """The text as written (spaces collapsed) and a folded copy of the same length, in which
    a full-width ＵＳＤＴ is found by "usdt" while the page still shows what the person wrote."""
    shown = _SPACE.sub(" ", text).strip()
    # Most text is already NFKC (plain Chinese, ASCII): one lower() in C keeps the positions.
    # Only text with full-width or compatibility characters is folded one character at a time.
    if unicodedata.is_normalized("NFKC", shown):
        lowered = shown.lower()
        if len(lowered) == len(shown):
            return shown, lowered
    return shown, "".join(_fold(ch) for ch in shown)


def _hits(lowered: str, terms: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of terms inside [start, end), longest terms winning."""
    taken: list[tuple[int, int]] = []
    for term in terms:
        at = lowered.find(term, start, end)
        while at != -1:
            stop = at + len(term)
            if all(stop <= s or at >= e for s, e in taken):
                taken.append((at, stop))
            at = lowered.find(term, stop, end)
    return sorted(taken)


def snippet(text: str, query: str, *, width: int = DEFAULT_WIDTH) -> SafeString:
    """`width` characters of `text` around the first place `query` matches, hits marked.

    Only the shown stretch is searched for hits: a long article holding a common word hundreds
    of times costs no more than a short one."""
    shown, lowered = _display(text)
    terms = [term for term in highlight_terms(query) if term]
    firsts = [at for term in terms if (at := lowered.find(term)) != -1]
    first = min(firsts) if firsts else 0
    start = max(0, min(first - width // 3, len(shown) - width))
    end = min(len(shown), start + width)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for hit_start, hit_end in _hits(lowered, terms, start, end):
        parts.append(escape(shown[cursor:hit_start]))
        parts.append("<mark>" + escape(shown[hit_start:hit_end]) + "</mark>")
        cursor = hit_end
    parts.append(escape(shown[cursor:end]))
    parts.append("…" if end < len(shown) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
