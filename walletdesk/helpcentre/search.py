"""Article search on `walletdesk.core.search`: what an article's document holds and keeping it
current.

One document per language version (kind "article", keyed by the version's id): the title counts
most, then the summary, then the body's text without its Markdown. Every save of a version is
re-indexed after commit, and loading the repository's content rebuilds the kind; publishing is
not in the index at all: the selectors filter hits through what a visitor may read, so a draft
never leaks through search.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString

from walletdesk.core import search
from walletdesk.helpcentre.markdown import markdown_text
from walletdesk.helpcentre.models import ArticleVersion

KIND = "article"


def version_document(version: ArticleVersion) -> search.Document:
    return search.Document(
        kind=KIND,
        doc_id=version.pk,
        language=version.language,
        fields=(
            search.Field(version.title, "A"),
            search.Field(version.summary, "B"),
            search.Field(markdown_text(version.body), "C"),
        ),
    )


def index_versions(versions: Iterable[ArticleVersion], *, using: str = "default") -> None:
    search.index_documents([version_document(v) for v in versions], using=using)


def rebuild_article_index(*, using: str = "default") -> int:
    versions = list(ArticleVersion.objects.using(using).all())
    search.clear_kind(KIND, using=using)
    index_versions(versions, using=using)
    return len(versions)


def version_hits(query: str, *, limit: int) -> list[search.Hit]:
    return search.search_ids(KIND, query, limit=limit)


def version_snippets(version_ids: list[int], query: str) -> dict[int, SafeString]:
    return search.snippets(KIND, version_ids, query)


def _saved(sender: type[ArticleVersion], instance: ArticleVersion, **kwargs: object) -> None:
    using = str(kwargs.get("using") or "default")
    pk = instance.pk
    transaction.on_commit(
        lambda: index_versions(ArticleVersion.objects.using(using).filter(pk=pk), using=using),
        using=using,
    )


def _deleted(sender: type[ArticleVersion], instance: ArticleVersion, **kwargs: object) -> None:
    using = str(kwargs.get("using") or "default")
    pk = instance.pk
    transaction.on_commit(lambda: search.remove_documents(KIND, [pk], using=using), using=using)


def connect() -> None:
    post_save.connect(_saved, sender=ArticleVersion, dispatch_uid="helpcentre-index-save")
    post_delete.connect(_deleted, sender=ArticleVersion, dispatch_uid="helpcentre-index-delete")
