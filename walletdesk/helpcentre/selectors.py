"""Reads: what a visitor may see. Drafts never leave this module."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString

from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion, Category
from walletdesk.helpcentre.search import version_hits, version_snippets

SEARCH_LIMIT = 20
HELPFUL_CAP = 100  # votes beyond this lift an article no further


@dataclass(frozen=True)
class ArticleView:
    """An article as one visitor reads it: their language, or the other with `fallback` set."""

    article: Article
    version: ArticleVersion
    fallback: bool
    snippet: SafeString | None = None  # search results: the matching words highlighted

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
    """Published articles matching every word of the query, in either language, best first.

    The shared search engine ranks by relevance (segmented Chinese, stemmed English); the
    helpfulness votes then lift the articles readers found useful, a little. Each result
    carries a highlighted snippet of the version the visitor reads.

    Four queries whatever the size: the hits; their articles' status and votes (one narrow
    join, drafts dropped there); the chosen articles with their category; and their versions
    without the bodies. Only the articles shown are loaded as rows.
    """
    hits = version_hits(query, limit=SEARCH_LIMIT * 3)
    if not hits:
        return []
    owners = ArticleVersion.objects.filter(
        pk__in=[h.doc_id for h in hits], article__status=ArticleStatus.PUBLISHED
    ).values_list("pk", "article_id", "article__helpful_count")
    votes = {pk: (article_id, helpful) for pk, article_id, helpful in owners}
    score: dict[int, float] = {}
    for hit in hits:
        if hit.doc_id not in votes:
            continue
        article_id, helpful = votes[hit.doc_id]
        boosted = hit.score * (1 + min(helpful, HELPFUL_CAP) / (2 * HELPFUL_CAP))
        score[article_id] = max(score.get(article_id, boosted), boosted)
    chosen = sorted(score, key=lambda pk: (score[pk], pk), reverse=True)[:SEARCH_LIMIT]
    shown = ArticleVersion.objects.defer("body", "body_html").order_by("id")
    rows = {
        a.pk: a
        for a in Article.objects.filter(pk__in=chosen, status=ArticleStatus.PUBLISHED)
        .select_related("category")
        .prefetch_related(Prefetch("versions", queryset=shown))
    }
    views = _views([rows[pk] for pk in chosen if pk in rows], language)
    marks = version_snippets([v.version.pk for v in views], query)
    return [replace(v, snippet=marks.get(v.version.pk)) for v in views]
