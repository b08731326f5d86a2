"""Who may use the API at all: active console users. Which tickets and customers each of them
may see is decided per object by `walletdesk.tickets.permissions`, through the selectors."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from walletdesk.identity.models import User


class IsConsoleUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active
