"""The two index stores, chosen by the database vendor: SQLite FTS5 and PostgreSQL tsvector.

Both index the same pre-segmented text (`Document.columns`) and receive queries as a list of
tokens from `segment`, joined by AND; the newest `MAX_RANKED` matches are ranked. Tokens are
letters and digits only and are quoted again here, so nothing a user types is read as MATCH or
tsquery syntax.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.db import connections

from walletdesk.core.search.documents import Document, Hit

# Only the newest matches are ranked: a word most documents hold ("card", 提现) then costs the
# same in a table of a million as in one of ten thousand, and a support desk wants the recent
# ones among them. Rare words, the searches that need ranking, have fewer matches than this.
MAX_RANKED = 2000

# On SQLite each kind's rows take their ids (the FTS rowids) from a range of their own, so that a
# search reads only its own kind's matches: FTS5 seeks to a rowid range, it cannot filter on a
# column of another table. Without it, "the newest 2,000 matches" of an article search under
# 100,000 tickets would all be tickets, and the articles would never be reached.
KIND_SPAN = 1 << 40


def kind_base(kind: str) -> int:
    """The first id of `kind`'s range: a fixed function of the name, never 0 (the ids before
    ranges existed) and below 2**60. Two kinds sharing a range would still never see each
    other's documents (the kind is checked too) but could crowd each other out of a page;
    the kinds in use are tested to differ."""
    return ((zlib.crc32(kind.encode()) & 0x7FFFF) + 1) * KIND_SPAN


class SearchBackend(Protocol):
    def index(self, documents: Iterable[Document]) -> None: ...
    def remove(self, kind: str, doc_ids: Sequence[int]) -> None: ...
    def clear(self, kind: str) -> None: ...
    def search(self, kind: str, tokens: Sequence[str], *, limit: int, offset: int) -> list[Hit]: ...
    def originals(self, kind: str, doc_ids: Sequence[int]) -> dict[int, str]: ...


class _Base:
    def __init__(self, using: str) -> None:
        self.using = using

    def _cursor(self) -> Any:
        return connections[self.using].cursor()

    def remove(self, kind: str, doc_ids: Sequence[int]) -> None:
        for doc_id in doc_ids:
            self._remove_one(kind, doc_id)

    def _remove_one(self, kind: str, doc_id: int) -> None:
        with self._cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND doc_id = %s", [kind, doc_id]
            )

    def originals(self, kind: str, doc_ids: Sequence[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        marks = ", ".join(["%s"] * len(doc_ids))
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT doc_id, original FROM search_document"  # noqa: S608 - only placeholders
                f" WHERE kind = %s AND doc_id IN ({marks})",
                [kind, *doc_ids],
            )
            return {int(doc_id): str(text) for doc_id, text in cursor.fetchall()}


class SqliteBackend(_Base):
    """An FTS5 table (`unicode61`, diacritics kept as PostgreSQL keeps them) whose rowid is the
    id of a plain row holding the document's key and original text; ranked by bm25 with the
    columns A, B, C, D weighted 10, 4, 2, 1. Ids come from the kind's range (`kind_base`)."""

    def index(self, documents: Iterable[Document]) -> None:
        with self._cursor() as cursor:
            for document in documents:
                base = kind_base(document.kind)
                cursor.execute(
                    "INSERT INTO search_document (id, kind, doc_id, language, original)"
                    " VALUES ((SELECT COALESCE(MAX(id) + 1, %s) FROM search_document"
                    " WHERE id >= %s AND id < %s), %s, %s, %s, %s)"
                    " ON CONFLICT (kind, doc_id) DO UPDATE SET language = excluded.language,"
                    " original = excluded.original RETURNING id",
                    [
                        base,
                        base,
                        base + KIND_SPAN,
                        document.kind,
                        document.doc_id,
                        document.language,
                        document.original(),
                    ],
                )
                (row_id,) = cursor.fetchone()
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [row_id])
                cursor.execute(
                    "INSERT INTO search_fts (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)",
                    [row_id, *document.columns()],
                )

    def _remove_one(self, kind: str, doc_id: int) -> None:
        with self._cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid IN"
                " (SELECT id FROM search_document WHERE kind = %s AND doc_id = %s)",
                [kind, doc_id],
            )
        super()._remove_one(kind, doc_id)

    def clear(self, kind: str) -> None:
        with self._cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid IN"
                " (SELECT id FROM search_document WHERE kind = %s)",
                [kind],
            )
            cursor.execute("DELETE FROM search_document WHERE kind = %s", [kind])

    def search(self, kind: str, tokens: Sequence[str], *, limit: int, offset: int) -> list[Hit]:
        match = " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
        low, high = kind_base(kind), kind_base(kind) + KIND_SPAN
        with self._cursor() as cursor:
            # The rowid of the kind's MAX_RANKED-th newest match: only rows from it on are ranked.
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                " AND rowid >= %s AND rowid < %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
                [match, low, high, MAX_RANKED - 1],
            )
            row = cursor.fetchone()
            # Ranked inside FTS5 alone; only the page of best rows is joined to its keys (joining
            # every ranked row first doubled the time of a common word).
            cursor.execute(
                "SELECT d.doc_id, r.rank FROM (SELECT rowid AS id,"
                " bm25(search_fts, 10.0, 4.0, 2.0, 1.0) AS rank FROM search_fts"
                " WHERE search_fts MATCH %s AND rowid >= %s AND rowid < %s"
                " ORDER BY rank, rowid DESC LIMIT %s) r"
                " JOIN search_document d ON d.id = r.id WHERE d.kind = %s"
                " ORDER BY r.rank, r.id DESC LIMIT %s OFFSET %s",
                [match, row[0] if row else low, high, limit + offset, kind, limit, offset],
            )
            return [Hit(doc_id=int(doc_id), score=-float(rank)) for doc_id, rank in cursor]


class PostgresBackend(_Base):
    """One row per document with a generated, weighted `tsvector('simple', …)` column under a
    GIN index; ranked by ts_rank. The newest matches are the highest `doc_id`s of the kind:
    the (kind, doc_id) unique index walks them backwards for a common word, reading no row of
    another kind (ordered by the row id, an article search under 100,000 newer tickets read
    them all first)."""

    def index(self, documents: Iterable[Document]) -> None:
        rows = [
            [doc.kind, doc.doc_id, doc.language, doc.original(), *doc.columns()]
            for doc in documents
        ]
        if not rows:
            return
        with self._cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (kind, doc_id, language, original, a, b, c, d)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (kind, doc_id) DO UPDATE"
                " SET language = excluded.language, original = excluded.original,"
                " a = excluded.a, b = excluded.b, c = excluded.c, d = excluded.d",
                rows,
            )

    def clear(self, kind: str) -> None:
        with self._cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE kind = %s", [kind])

    def search(self, kind: str, tokens: Sequence[str], *, limit: int, offset: int) -> list[Hit]:
        query = " & ".join("'" + token.replace("'", "''") + "'" for token in tokens)
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT w.doc_id, ts_rank(w.tsv, w.q) AS rank FROM ("
                " SELECT d.doc_id, d.tsv, q.q FROM search_document d,"
                " to_tsquery('simple', %s) AS q(q) WHERE d.tsv @@ q.q AND d.kind = %s"
                " ORDER BY d.doc_id DESC LIMIT %s) w"
                " ORDER BY rank DESC, w.doc_id DESC LIMIT %s OFFSET %s",
                [query, kind, MAX_RANKED, limit, offset],
            )
            return [Hit(doc_id=int(doc_id), score=float(rank)) for doc_id, rank in cursor]


def backend(using: str = "default") -> SearchBackend:
    """The store for the database `using` runs on."""
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return PostgresBackend(using)
    if vendor == "sqlite":
        return SqliteBackend(using)
    raise NotImplementedError(f"no search backend for {vendor}")
