"""`Authorization: Token <key>` (or `Bearer <key>`) for integrators and agents' scripts."""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from walletdesk.api.models import ApiToken
from walletdesk.api.selectors import api_token_for_key
from walletdesk.api.services import api_token_touch
from walletdesk.core.ratelimit import API_TOKEN_FAILURES, RateLimited
from walletdesk.identity.models import User

SCHEMES = (b"token", b"bearer")
MAX_KEY_LENGTH = 200


class TooManyFailures(exceptions.APIException):
    status_code = 429
    default_code = "rate_limited"
    default_detail = _("Too many failed sign-in attempts. Please wait a few minutes and try again.")


def client_ip(request: HttpRequest | Request) -> str:
    # Behind a proxy this is the proxy's address; the limit still holds, only more coarsely.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None  # not ours: let session authentication (or none) decide
        if len(parts) != 2 or len(parts[1]) > MAX_KEY_LENGTH:
            self._failed(request)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            self._failed(request)
        token = api_token_for_key(key)
        if token is None or not token.user.is_active or token.is_revoked:
            # is_revoked also covers a token issued before the user's sessions were all ended.
            self._failed(request)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword

    def _failed(self, request: Request) -> NoReturn:
        """Count the failure against the client's address, then refuse."""
        try:
            API_TOKEN_FAILURES.hit(client_ip(request))
        except RateLimited as exc:
            raise TooManyFailures() from exc
        raise exceptions.AuthenticationFailed(_("The API token is not valid."))


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # untyped base
    """Describes the token header in the OpenAPI schema."""

    target_class = "walletdesk.api.auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    'Send "Token <key>" or "Bearer <key>". '
                    "Create a key with: walletdesk create-api-token USERNAME"
                )
            ),
        }
