"""Reading a ticket: the page, its live-refreshable thread, and its attachments."""

from __future__ import annotations

from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from walletdesk.core.errors import NotFound
from walletdesk.tickets import selectors
from walletdesk.web.console.http import ConsoleRequest, console_view, vary_on_htmx
from walletdesk.web.console.ticket_page import fragments_context, page_context, thread_context


@require_GET
@console_view
def ticket_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    return render(request, "console/ticket.html", page_context(user=request.user, ticket=ticket))


@require_GET
@console_view
def thread_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    """The thread alone; with `?all=1` also the header, properties and history, out of band
    (what the live updates fetch after someone else changed the ticket)."""
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    if request.GET.get("all") == "1":
        context = fragments_context(ticket)
        return vary_on_htmx(render(request, "console/_ticket_fragments.html", context))
    return vary_on_htmx(render(request, "console/_thread.html", thread_context(ticket)))


@require_GET
@console_view
def attachment_view(request: ConsoleRequest, attachment_id: int) -> HttpResponseBase:
    """Always a download, never rendered by the browser: the bytes came from outside."""
    attachment = selectors.attachment_for_user(user=request.user, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:  # the row outlived its file (restore, manual cleanup)
        raise NotFound() from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
