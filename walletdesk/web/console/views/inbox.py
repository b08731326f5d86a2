"""The unified inbox: every channel's tickets in one filtered, paginated table."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from walletdesk.tickets.search import snippets_for
from walletdesk.tickets.selectors import assignable_users, inbox
from walletdesk.web.console.forms import InboxFilterForm
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx, vary_on_htmx
from walletdesk.web.console.inbox_rows import inbox_rows
from walletdesk.web.console.paging import page_number, page_of

PAGE_SIZE = 50


@require_GET
@console_view
def inbox_view(request: ConsoleRequest) -> HttpResponseBase:
    form = InboxFilterForm(request.GET, users=assignable_users())
    filters = form.filters()
    tickets = inbox(user=request.user, filters=filters)
    page = page_of(tickets, number=page_number(request.GET.get("page")), size=PAGE_SIZE)
    # Only tickets the selector let through reach this page: their snippets are theirs to see.
    found = [ticket.pk for ticket in page.object_list] if filters.query else []
    snippets = snippets_for(found, filters.query) if found else {}
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": inbox_rows(page.object_list, snippets),
        "query": query.urlencode(),
    }
    template = "console/_inbox_table.html" if is_htmx(request) else "console/inbox.html"
    return vary_on_htmx(render(request, template, context))
