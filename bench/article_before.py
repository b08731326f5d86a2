"""Search as it was before the help-centre speed work, kept only to be timed beside the current
code in the same `make bench SCENARIO=search` run (`*_before_*` figures): `before()` puts the
old store queries and snippets back for tickets and articles alike, `help_search_before` is the
old article selector.

What changed since: SQLite ranked every one of the newest 2,000 matches joined to its key row
(now ranked inside FTS5 first, the page joined after); the selector loaded every candidate
article with all its versions, Markdown bodies included, before sorting (now one narrow join
for votes and status, then only the shown articles, bodies deferred); snippets folded every
character of a whole article through NFKC and found every hit in it (now one C-level pass for
text already NFKC, hits only in the shown stretch); PostgreSQL took the newest matches by row
id (now by the kind's doc_id, on the (kind, doc_id) index). The kind ranges of SQLite ids are
kept here: without them an article search under 100,000 tickets found nothing at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from walletdesk.core import search
from walletdesk.core.search import backends
from walletdesk.core.search.backends import KIND_SPAN, MAX_RANKED, kind_base
from walletdesk.core.search.segment import highlight_terms


def _postgres(self: Any, kind: str, tokens: Sequence[str], *, limit: int, offset: int) -> Any:
    query = " & ".join("'" + token.replace("'", "''") + "'" for token in tokens)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.doc_id, ts_rank(w.tsv, w.q) AS rank FROM ("
            " SELECT d.doc_id, d.tsv, q.q FROM search_document d,"
            " to_tsquery('simple', %s) AS q(q) WHERE d.tsv @@ q.q AND d.kind = %s"
            " ORDER BY d.id DESC LIMIT %s) w"
            " ORDER BY rank DESC, w.doc_id DESC LIMIT %s OFFSET %s",
            [query, kind, MAX_RANKED, limit, offset],
        )
        return [search.Hit(doc_id=int(d), score=float(r)) for d, r in cursor.fetchall()]


def _sqlite(self: Any, kind: str, tokens: Sequence[str], *, limit: int, offset: int) -> Any:
    match = " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
    low, high = kind_base(kind), kind_base(kind) + KIND_SPAN
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
            " AND rowid >= %s AND rowid < %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [match, low, high, MAX_RANKED - 1],
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT d.doc_id, bm25(search_fts, 10.0, 4.0, 2.0, 1.0) AS rank FROM search_fts"
            " JOIN search_document d ON d.id = search_fts.rowid"
            " WHERE search_fts MATCH %s AND search_fts.rowid >= %s AND search_fts.rowid < %s"
            " AND d.kind = %s ORDER BY rank, d.doc_id DESC LIMIT %s OFFSET %s",
            [match, row[0] if row else low, high, kind, limit, offset],
        )
        return [search.Hit(doc_id=int(d), score=-float(r)) for d, r in cursor.fetchall()]


@contextmanager
def before() -> Iterator[None]:
    """The old store queries and snippets, for whatever searches inside the block."""
    saved = (backends.SqliteBackend.search, backends.PostgresBackend.search, search.snippet)
    backends.SqliteBackend.search = _sqlite  # type: ignore[method-assign]  # timed swap
    backends.PostgresBackend.search = _postgres  # type: ignore[method-assign]  # timed swap
    search.snippet = _snippet  # type: ignore[assignment]  # timed swap
    try:
        yield
    finally:
        backends.SqliteBackend.search, backends.PostgresBackend.search = saved[:2]  # type: ignore[method-assign]  # restored
        search.snippet = saved[2]  # type: ignore[assignment]  # restored


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def _snippet(text: str, query: str, width: int = 120) -> SafeString:
    shown = " ".join(text.split())
    lowered = "".join(_fold(ch) for ch in shown)
    taken: list[tuple[int, int]] = []
    for term in (t for t in highlight_terms(query) if t):
        at = lowered.find(term)
        while at != -1:
            stop = at + len(term)
            if all(stop <= s or at >= e for s, e in taken):
                taken.append((at, stop))
            at = lowered.find(term, stop)
    spans = sorted(taken)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(shown) - width))
    end = min(len(shown), start + width)
    parts, cursor = ["…" if start > 0 else ""], start
    for hit_start, hit_end in spans:
        if hit_start < start or hit_end > end:
            continue
        parts += [escape(shown[cursor:hit_start]), "<mark>" + escape(shown[hit_start:hit_end])]
        parts.append("</mark>")
        cursor = hit_end
    parts += [escape(shown[cursor:end]), "…" if end < len(shown) else ""]
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def help_search_before(query: str, *, language: str) -> list[object]:
    with before():
        return _help_search_before(query, language=language)


def _help_search_before(query: str, *, language: str) -> list[object]:
    from walletdesk.helpcentre import selectors
    from walletdesk.helpcentre.models import ArticleVersion

    hits = search.search_ids("article", query, limit=selectors.SEARCH_LIMIT * 3)
    if not hits:
        return []
    owner = dict(
        ArticleVersion.objects.filter(pk__in=[h.doc_id for h in hits]).values_list(
            "pk", "article_id"
        )
    )
    score: dict[int, float] = {}
    for hit in hits:
        article_id = owner.get(hit.doc_id)
        if article_id is not None and article_id not in score:
            score[article_id] = hit.score
    cap = selectors.HELPFUL_CAP
    found = sorted(
        selectors._published().filter(pk__in=score),
        key=lambda a: score[a.pk] * (1 + min(a.helpful_count, cap) / (2 * cap)),
        reverse=True,
    )
    views = selectors._views(found[: selectors.SEARCH_LIMIT], language)
    marks = search.snippets("article", [v.version.pk for v in views], query)
    return [replace(v, snippet=marks.get(v.version.pk)) for v in views]
