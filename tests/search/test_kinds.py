"""Kinds share one index but not their ranking window: thousands of newer tickets holding a
word never hide the older articles that hold it too (on SQLite they once did)."""

from __future__ import annotations

import pytest
from django.db import connection

from walletdesk.core import search
from walletdesk.core.search.backends import KIND_SPAN, MAX_RANKED, kind_base

pytestmark = pytest.mark.django_db


def _doc(kind: str, doc_id: int, text: str) -> search.Document:
    return search.Document(kind, doc_id, "zh-hans", (search.Field(text, "B"),))


def test_many_newer_matches_of_another_kind_do_not_hide_a_kind() -> None:
    search.index_documents([_doc("bench-article", n, "提现 失败 怎么办") for n in range(1, 4)])
    search.index_documents(
        [_doc("bench-ticket", n, f"我的 提现 一直 没到账 {n}") for n in range(1, MAX_RANKED + 200)]
    )
    found = search.search_ids("bench-article", "提现", limit=10)
    assert sorted(hit.doc_id for hit in found) == [1, 2, 3]
    tickets = search.search_ids("bench-ticket", "提现", limit=5)
    assert len(tickets) == 5


def test_ranges_differ_per_kind_and_never_start_at_zero() -> None:
    bases = {kind_base(kind) for kind in ("ticket", "article", "chat")}
    assert len(bases) == 3
    assert all(KIND_SPAN <= base < 2**60 for base in bases)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="ids are ranged on SQLite only")
def test_the_migration_moves_rows_made_before_ranges() -> None:
    """Rows as 0001 made them (ids from 1, any kind) are moved into their kind's range and are
    found afterwards, by their own kind only."""
    import importlib

    ranges = importlib.import_module("walletdesk.core.migrations.0002_search_kind_ranges")
    with connection.cursor() as cursor:
        for row_id, kind, text in [(1, "ticket", "冻结 账户"), (2, "article", "冻结 以后")]:
            cursor.execute(
                "INSERT INTO search_document (id, kind, doc_id, language, original)"
                " VALUES (%s, %s, %s, 'zh-hans', %s)",
                [row_id, kind, 900_000 + row_id, text],
            )
            cursor.execute(
                "INSERT INTO search_fts (rowid, a, b, c, d) VALUES (%s, '', %s, '', '')",
                [row_id, text],
            )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]  # what forwards() reads
    ranges.forwards(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, id FROM search_document WHERE doc_id > 900000 ORDER BY kind")
        moved = dict(cursor.fetchall())
    for kind in ("article", "ticket"):
        assert kind_base(kind) <= moved[kind] < kind_base(kind) + KIND_SPAN
    articles = {hit.doc_id for hit in search.search_ids("article", "冻结", limit=100)}
    assert 900_002 in articles
    assert 900_001 not in articles
    assert [hit.doc_id for hit in search.search_ids("ticket", "冻结", limit=5)] == [900_001]
