"""Who a socket belongs to and what it may follow: thin async adapters over the same identity
and ticket-permission code the HTTP views use. Consumers call only these for database work,
and none of them per delivered event: a socket reads its viewer once and keeps it until its
person's `access.changed` event (or the session timer) says to read it again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import ParamSpec, TypeVar, cast

from channels.auth import get_user
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from walletdesk.identity.models import Customer, User
from walletdesk.identity.portal_auth import customer_from_session
from walletdesk.tickets.permissions import Viewer, viewer_of
from walletdesk.tickets.selectors import TicketNotFound, ticket_for_user

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _in_db_thread(fn: Callable[_P, _R]) -> Callable[_P, Awaitable[_R]]:
    """channels' database_sync_to_async (which also drops stale connections), typed."""
    return cast(Callable[_P, Awaitable[_R]], database_sync_to_async(fn))


def _session_store(session_key: str) -> SessionBase:
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return store


@_in_db_thread
def can_follow_ticket(user: User, ticket_id: int) -> bool:
    """True when the console user may see the ticket now. Unknown and forbidden are alike."""
    try:
        ticket_for_user(user=user, ticket_id=ticket_id)
    except TicketNotFound:
        return False
    return True


@_in_db_thread
def viewer_for(user: User) -> Viewer:
    """What the console user may see, read once for the socket to keep."""
    return viewer_of(user)


@_in_db_thread
def portal_customer(session_key: str) -> Customer | None:
    """The customer signed in under this portal session key, checked as the portal checks it."""
    return customer_from_session(_session_store(session_key))


async def console_user(session_key: str) -> User | None:
    """The active console user of this session key, re-read from the session store (so a
    sign-out, password change or deactivation since the socket opened is noticed)."""
    user = await get_user({"session": _session_store(session_key)})
    if isinstance(user, User) and user.is_active:
        return user
    return None
