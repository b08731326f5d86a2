"""Every API error, whatever raised it, leaves as
`{"error": {"code": ..., "message": ..., "fields": {...}}}` with the right HTTP status.

DRF calls `exception_handler` for anything raised in an API view; `not_found` answers every
/api/ address the router does not know. Codes are stable; messages are translated.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from walletdesk.core.errors import DomainError, ValidationFailed

logger = logging.getLogger(__name__)

# Our own words for DRF's exceptions, so every message is in our catalogue.
_MESSAGES: dict[type[exceptions.APIException], tuple[str, Promise]] = {
    exceptions.NotAuthenticated: (
        "not_authenticated",
        _("Sign in or send an API token in the Authorization header."),
    ),
    exceptions.AuthenticationFailed: ("authentication_failed", _("The API token is not valid.")),
    exceptions.PermissionDenied: (
        "permission_denied",
        _("You do not have permission to do this."),
    ),
    exceptions.NotFound: ("not_found", _("Not found.")),
    exceptions.MethodNotAllowed: ("method_not_allowed", _("This method is not allowed here.")),
    exceptions.NotAcceptable: (
        "not_acceptable",
        _("This address only answers in JSON."),
    ),
    exceptions.UnsupportedMediaType: (
        "unsupported_media_type",
        _("Send the request body as JSON or as multipart form data, as documented."),
    ),
    exceptions.ParseError: ("malformed_request", _("The request body could not be read.")),
    exceptions.Throttled: (
        "rate_limited",
        _("Too many requests. Please wait a little and try again."),
    ),
}
_INVALID_FIELDS = _("Some fields are missing or invalid.")


def error_body(
    code: str, message: str | Promise, fields: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": str(message)}
    if fields:
        error["fields"] = dict(fields)
    return {"error": error}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field": [...], "items.0.name": [...]}."""
    if isinstance(detail, Mapping):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
        return fields
    if isinstance(detail, list) and any(isinstance(item, Mapping | list) for item in detail):
        fields = {}
        for index, item in enumerate(detail):
            fields.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return fields
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(item) for item in items]}


def _api_exception(exc: exceptions.APIException) -> tuple[int, dict[str, Any]]:
    if isinstance(exc, exceptions.ValidationError):
        return 400, error_body("validation_failed", _INVALID_FIELDS, _flatten(exc.detail))
    for cls in type(exc).__mro__:
        if cls in _MESSAGES:
            code, message = _MESSAGES[cls]
            return exc.status_code, error_body(code, message)
    detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
    return exc.status_code, error_body(str(exc.default_code), str(detail))


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response:
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, DomainError):
        fields = exc.fields if isinstance(exc, ValidationFailed) else None
        status, body = exc.status, error_body(exc.code, exc.message, fields)
    elif isinstance(exc, exceptions.APIException):
        status, body = _api_exception(exc)
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait:
            headers["Retry-After"] = str(int(wait))
    elif isinstance(exc, RequestDataTooBig):
        status, body = 413, error_body("request_too_large", _("The request is too large."))
    elif isinstance(exc, SuspiciousOperation):
        status, body = 400, error_body("malformed_request", _("The request could not be read."))
    else:
        view = context.get("view")
        # The traceback without the exception's message: messages can carry request data.
        logger.error(
            "unhandled %s in API view %s\n%s",
            type(exc).__qualname__,
            type(view).__qualname__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        status, body = (
            500,
            error_body(
                "server_error", _("Something went wrong on our side. Please try again later.")
            ),
        )
    set_rollback()
    return Response(body, status=status, headers=headers)


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    """The answer for every /api/ address that no route matches, whatever the method."""
    return JsonResponse(error_body("not_found", _("There is nothing at this address.")), status=404)
