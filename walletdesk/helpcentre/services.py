"""Writes: loading the repository's articles, counting votes."""

from __future__ import annotations

from django.db import connections, transaction
from django.db.models import F

from walletdesk.core import clock
from walletdesk.helpcentre.content import CATEGORIES, ArticleText, ContentError, read_all
from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion, Category
from walletdesk.helpcentre.search import rebuild_article_index


def help_content_sync(*, using: str = "default") -> int:
    """Load `content/` into the database; returns how many articles were created or changed.

    An article whose files have not changed since the last load is left alone, so an editor's
    change in the admin lasts until someone edits the file. New articles are published.
    """
    if Article._meta.db_table not in connections[using].introspection.table_names():
        return 0  # migrated back to before this app's tables
    texts = read_all()
    known = {text.slug for text in texts}
    with transaction.atomic(using=using):
        categories = {c.slug: _category(c.slug, using) for c in CATEGORIES}
        changed = [t for t in texts if _article_changed(t, using)]
        for text in changed:
            if text.category not in categories:
                raise ContentError(f"{text.slug}: unknown category {text.category!r}")
            _store(text, categories[text.category], using)
        for text in changed:
            missing = set(text.related) - known
            if missing:
                raise ContentError(f"{text.slug}: related articles not found {sorted(missing)}")
            article = Article.objects.using(using).get(slug=text.slug)
            article.related.set(Article.objects.using(using).filter(slug__in=text.related))
    if changed:
        rebuild_article_index(using=using)
    return len(changed)


def _category(slug: str, using: str) -> Category:
    position, text = next((i, c) for i, c in enumerate(CATEGORIES) if c.slug == slug)
    category, _created = Category.objects.using(using).update_or_create(
        slug=slug,
        defaults={
            "position": position,
            "name_zh_hans": text.name_zh_hans,
            "name_en": text.name_en,
            "description_zh_hans": text.description_zh_hans,
            "description_en": text.description_en,
        },
    )
    return category


def _article_changed(text: ArticleText, using: str) -> bool:
    return (
        not Article.objects.using(using).filter(slug=text.slug, source_digest=text.digest).exists()
    )


def _store(text: ArticleText, category: Category, using: str) -> None:
    article, _created = Article.objects.using(using).get_or_create(
        slug=text.slug,
        defaults={
            "category": category,
            "status": ArticleStatus.PUBLISHED,
            "published_at": clock.now(),
        },
    )
    article.category = category
    article.tags = list(text.tags)
    article.position = text.position
    article.source_digest = text.digest
    article.save(using=using)
    for version in text.versions:
        row = ArticleVersion.objects.using(using).filter(
            article=article, language=version.language
        ).first() or ArticleVersion(article=article, language=version.language)
        row.title, row.summary, row.body = version.title, version.summary, version.body
        row.save(using=using)


def help_article_vote(*, article_id: int, helpful: bool) -> None:
    """Count one "was this helpful?" answer. Once per visitor is the caller's rule (the portal
    remembers the articles a session voted on)."""
    field = "helpful_count" if helpful else "not_helpful_count"
    Article.objects.filter(pk=article_id).update(**{field: F(field) + 1})
