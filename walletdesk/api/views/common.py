"""Helpers every API view uses: the signed-in console user and documented error responses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request

from walletdesk.api.serializers.common import ErrorSerializer
from walletdesk.identity.models import User

_DESCRIPTIONS = {
    400: _("Invalid input; `fields` says which fields and why."),
    401: _("No valid API token or session."),
    403: _("Not allowed, e.g. a session request without its CSRF token."),
    404: _("Not found, or not visible to you (the two look the same)."),
    409: _("The request conflicts with the current state, e.g. a forbidden status change."),
    413: _("The request is too large."),
    415: _("The request body is not in a supported format."),
    429: _("Too many requests or failed sign-ins; wait and retry."),
}


def error_responses(*statuses: int) -> dict[int, Any]:
    """Schema entries for the error envelope at each of these statuses (401, 403 and 429 can
    happen everywhere, so they are always included)."""
    codes = sorted({401, 403, 429, *statuses})
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=_DESCRIPTIONS[code])
        for code in codes
    }


def console_user(request: Request) -> User:
    """The authenticated console user (IsConsoleUser has already made sure there is one)."""
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - the permission class refuses first
        raise TypeError("API view reached without a console user")
    return user
