"""One error hierarchy for the whole product.

Domain code raises these; the API maps them once to JSON (`walletdesk.api.errors`) and the web
layer once to pages and HTMX fragments. `message` is shown to people, so it is translated.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the domain refuses. Subclasses set `code` (stable) and `status` (HTTP)."""

    code = "invalid_request"
    status = 400
    default_message: str | Promise = _("The request could not be processed.")

    def __init__(self, message: str | Promise | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "validation_failed"
    status = 400
    default_message = _("Some fields are missing or invalid.")

    def __init__(
        self, message: str | Promise | None = None, *, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.fields = fields or {}


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("The request conflicts with the current state.")
