"""Full-text search in Chinese and English, with no business meaning: documents in, ids out.

One segmentation (`segment`: rjieba for Chinese runs, Snowball-stemmed lower-case English,
NFKC so full-width is half-width) feeds two stores chosen by the database vendor: SQLite FTS5
(`unicode61`, bm25) and PostgreSQL (`to_tsvector('simple', …)` under a GIN index, ts_rank).
Both stores are created by `core/migrations/0001_search_index`. Queries are segmented the same
way and joined by AND; user syntax never reaches MATCH or tsquery.

How a domain uses it (tickets in `walletdesk.tickets.search`, articles next):

    from walletdesk.core import search
    search.index_documents([search.Document(kind="article", doc_id=7, language="en",
        fields=(search.Field(title, "A"), search.Field(body, "B")))])
    hits = search.search_ids("article", "refund", limit=20)     # [Hit(doc_id, score)], best first
    marks = search.snippets("article", [h.doc_id for h in hits], "refund")  # {id: SafeString}
    search.remove_documents("article", [7])

The index is a copy: the owner of a kind re-indexes on commit after each write and offers a
rebuild from its own rows (`clear_kind` then `index_documents`). Permissions are the owner's:
filter the ids that come back, never trust a hit alone. A helpfulness boost for articles can be
applied by the caller to `Hit.score` (comparable within one search only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.safestring import SafeString

from walletdesk.core.search.backends import backend
from walletdesk.core.search.documents import Document, Field, Hit, Weight
from walletdesk.core.search.segment import segment, segmented
from walletdesk.core.search.snippets import snippet

__all__ = [
    "Document",
    "Field",
    "Hit",
    "Weight",
    "clear_kind",
    "index_documents",
    "query_tokens",
    "remove_documents",
    "search_ids",
    "segment",
    "segmented",
    "snippet",
    "snippets",
]

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 16


def query_tokens(query: str, language: str = "zh-hans") -> list[str]:
    """The distinct tokens of a query, in order, capped: what every store is asked for."""
    tokens = segment(query[:MAX_QUERY_CHARS], language)
    return list(dict.fromkeys(tokens))[:MAX_QUERY_TOKENS]


def index_documents(documents: Iterable[Document], *, using: str = "default") -> None:
    """Add or replace these documents (by kind and id)."""
    backend(using).index(documents)


def remove_documents(kind: str, doc_ids: Sequence[int], *, using: str = "default") -> None:
    backend(using).remove(kind, doc_ids)


def clear_kind(kind: str, *, using: str = "default") -> None:
    """Drop every document of `kind`, before rebuilding it."""
    backend(using).clear(kind)


def search_ids(
    kind: str, query: str, *, limit: int, offset: int = 0, using: str = "default"
) -> list[Hit]:
    """Documents of `kind` holding every word of `query`, best first. A query with no words
    (only punctuation or FTS operators) matches nothing."""
    tokens = query_tokens(query)
    if not tokens or limit <= 0:
        return []
    return backend(using).search(kind, tokens, limit=limit, offset=offset)


def snippets(
    kind: str, doc_ids: Sequence[int], query: str, *, using: str = "default"
) -> dict[int, SafeString]:
    """A highlighted snippet of each indexed document among `doc_ids`."""
    originals = backend(using).originals(kind, list(doc_ids))
    return {doc_id: snippet(text, query) for doc_id, text in originals.items()}
