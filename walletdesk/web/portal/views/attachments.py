"""Files attached to a customer's own conversations, served to that customer only."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe

from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Customer
from walletdesk.tickets.selectors import attachment_for_customer
from walletdesk.web.portal.decorators import portal_login_required


@require_safe
@portal_login_required
def attachment_download(
    request: HttpRequest, customer: Customer, attachment_id: int
) -> FileResponse:
    attachment = attachment_for_customer(customer=customer, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise NotFound() from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser render it after all, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
