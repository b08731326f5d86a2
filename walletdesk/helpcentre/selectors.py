"""Reads: what a visitor may see. Drafts never leave this module."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion, Category
from walletdesk.vocab.choices import Language

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class ArticleView:
    """An article as one visitor reads it: their language, or the other with `fallback` set."""

    article: Article
    version: ArticleVersion
    fallback: bool

    @property
    def slug(self) -> str:
        return self.article.slug


def _published() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("category")
        .prefetch_related(Prefetch("versions", queryset=ArticleVersion.objects.order_by("id")))
    )


def _view(article: Article, language: str) -> ArticleView | None:
    versions = list(article.versions.all())
    mine = next((v for v in versions if v.language == language), None)
    if mine is not None:
        return ArticleView(article, mine, fallback=False)
    other = next(iter(versions), None)
    return ArticleView(article, other, fallback=True) if other else None


def _views(articles: QuerySet[Article] | list[Article], language: str) -> list[ArticleView]:
    return [view for a in articles if (view := _view(a, language)) is not None]


def help_categories() -> list[Category]:
    return list(Category.objects.filter(articles__status=ArticleStatus.PUBLISHED).distinct())


def help_category(slug: str) -> Category | None:
    """A category that has something published in it, or None."""
    return next((c for c in help_categories() if c.slug == slug), None)


def help_articles_in(category: Category, *, language: str) -> list[ArticleView]:
    return _views(_published().filter(category=category), language)


def help_article(slug: str, *, language: str) -> ArticleView | None:
    """A published article, or None (drafts and unknown slugs alike)."""
    article = _published().filter(slug=slug).first()
    return _view(article, language) if article else None


def help_related(view: ArticleView, *, language: str) -> list[ArticleView]:
    related = _published().filter(pk__in=view.article.related.values("pk"))
    return _views(related, language)


def help_popular(*, language: str, limit: int = 6) -> list[ArticleView]:
    """Most found helpful first; ties in the editors' order."""
    ordered = _published().order_by("-helpful_count", "category__position", "position", "slug")
    return _views(ordered[:limit], language)


def help_for_problem(problem_type: str, *, language: str, limit: int = 3) -> list[ArticleView]:
    """Articles tagged with a problem type (tags are a short list, filtered here)."""
    tagged = [a for a in _published() if problem_type in a.tags]
    return _views(tagged[:limit], language)


def help_search(query: str, *, language: str) -> list[ArticleView]:
    """A plain substring match on titles and summaries, in either language.

    Deliberately simple until the shared search engine (word segmentation, ranking) indexes
    articles: a query matches when it appears as written in a title or summary.
    """
    words = query.split()[:5]
    if not words:
        return []
    in_title, anywhere = Q(), Q()
    for word in words:
        in_title &= Q(title__icontains=word)
        anywhere &= Q(title__icontains=word) | Q(summary__icontains=word)
    titled = set(ArticleVersion.objects.filter(in_title).values_list("article_id", flat=True))
    hits = ArticleVersion.objects.filter(anywhere).values("article_id")
    found = sorted(
        _published().filter(pk__in=hits),
        key=lambda a: (a.pk not in titled, -a.helpful_count, a.slug),
    )
    return _views(
        found[:SEARCH_LIMIT], language if language in Language.values else Language.ZH_HANS
    )
