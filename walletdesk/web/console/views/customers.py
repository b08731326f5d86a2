"""The customer panel on its own URL: htmx refreshes it in place, and it opens as a page too."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from walletdesk.core.ids import parse_id
from walletdesk.tickets import selectors
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx, vary_on_htmx
from walletdesk.web.console.ticket_page import panel_context


@require_GET
@console_view
def customer_panel_view(request: ConsoleRequest, customer_id: int) -> HttpResponseBase:
    customer = selectors.customer_for_user(user=request.user, customer_id=customer_id)
    raw_ticket = request.GET.get("ticket", "")
    exclude = parse_id(raw_ticket)
    context = {
        "panel": panel_context(user=request.user, customer=customer, exclude_ticket_id=exclude)
    }
    template = "console/_customer_panel.html" if is_htmx(request) else "console/customer_panel.html"
    return vary_on_htmx(render(request, template, context))
