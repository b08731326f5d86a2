"""Help articles for a reply: the ticket page's "Help articles" search.

An agent looks up a published article while answering and inserts its link into the reply
(`static/web/console-articles.js`). The search is reached through the ticket, so it answers only
to a console user who may see that ticket (404 otherwise, like the page itself), and shows each
article in the customer's language, or in the other one when that version is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from walletdesk.helpcentre.selectors import ArticleView, help_search
from walletdesk.tickets import selectors
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx, vary_on_htmx

QUERY_MAX = 100  # as in the portal's help search
RESULTS_MAX = 8


@dataclass(frozen=True)
class ArticleLink:
    """One result: what the agent reads, and what "Insert link" puts into the reply."""

    title: str
    url: str  # absolute: the customer reads it outside this site (email, SMS)
    language: str
    fallback: bool
    snippet: SafeString | None


def portal_article_url(slug: str) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("portal:help-article", args=[slug])


def _link(view: ArticleView) -> ArticleLink:
    return ArticleLink(
        title=view.version.title,
        url=portal_article_url(view.slug),
        language=view.version.language,
        fallback=view.fallback,
        snippet=view.snippet,
    )


@require_GET
@console_view
def article_search_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    results = help_search(query, language=ticket.language)[:RESULTS_MAX] if query else []
    context = {
        "ticket": ticket,
        "query": query,
        "links": [_link(view) for view in results],
    }
    template = (
        "console/_article_results.html" if is_htmx(request) else "console/article_search.html"
    )
    return vary_on_htmx(render(request, template, context))
