"""The help centre's articles: index with search, categories, one article, "was this helpful?"."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from walletdesk.helpcentre.selectors import (
    help_article,
    help_articles_in,
    help_categories,
    help_category,
    help_popular,
    help_related,
    help_search,
)
from walletdesk.helpcentre.services import help_article_vote
from walletdesk.vocab.choices import Language
from walletdesk.web.portal.rendering import render_portal, request_language

# An unknown article or topic is 404 whatever the method; the method is checked after that.
SAFE = ["GET", "HEAD"]
VOTED = "help_votes"  # session key: ids of the articles this visitor answered for
QUERY_MAX = 100


def _voted(request: HttpRequest) -> list[int]:
    value = request.session.get(VOTED, [])
    return [int(v) for v in value] if isinstance(value, list) else []


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    language = request_language()
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    return render_portal(
        request,
        "portal/help/index.html",
        {
            "language": language,
            "categories": help_categories(),
            "popular": help_popular(language=language),
            "query": query,
            "results": help_search(query, language=language) if query else None,
        },
    )


def category(request: HttpRequest, category: str) -> HttpResponse:
    language = request_language()
    found = help_category(category)
    if found is None:
        raise Http404
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    return render_portal(
        request,
        "portal/help/category.html",
        {
            "language": language,
            "category": found,
            "articles": help_articles_in(found, language=language),
        },
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    # A link may name the article's language (`?lang=en`, as agents and the assistant send
    # it: the customer's language); the page around it stays in the reader's.
    asked = request.GET.get("lang", "")
    language = asked if asked in Language.values else request_language()
    view = help_article(slug, language=language)
    if view is None:
        raise Http404
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    return render_portal(
        request,
        "portal/help/article.html",
        {
            "language": language,
            "view": view,
            "related": help_related(view, language=language),
            "voted": view.article.pk in _voted(request),
        },
    )


def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts once per visitor session; a second answer is thanked but not counted."""
    view = help_article(slug, language=request_language())
    if view is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    voted = _voted(request)
    if view.article.pk not in voted:
        help_article_vote(article_id=view.article.pk, helpful=request.POST.get("helpful") == "yes")
        request.session[VOTED] = [*voted, view.article.pk][-200:]
    messages.success(request, _("Thank you for telling us."))
    return redirect("portal:help-article", slug=slug)
