"""Websocket tests drive the real ASGI application (walletdesk.config.asgi.application) with
channels' WebsocketCommunicator, on whichever channel layer the settings chose: in memory on the
SQLite run, Redis on the PostgreSQL + Redis run.

pytest-django's `transactional_db` is needed: consumers read through database_sync_to_async,
and the services publish events only after their transaction commits."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from walletdesk.identity.models import Customer, User
from walletdesk.identity.portal_auth import _AUTH_HASH, _CUSTOMER_ID
from walletdesk.realtime.protocol import CLOSE_UNAUTHENTICATED

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
# Waits for what must arrive end as soon as it does; the bound only matters on a loaded machine
# (the Redis layer and PostgreSQL cross real sockets).
TIMEOUT = 10


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as it is in the throwaway
    data directory; the ASGI application builds the middleware when it is first imported."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def run_async(body: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test body in one event loop (no pytest-asyncio needed); pytest still sees
    the body's signature, so fixtures work as usual."""

    @functools.wraps(body)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        async def scenario() -> None:
            await get_channel_layer().flush()  # no group memberships left over from other tests
            await body(*args, **kwargs)

        async_to_sync(scenario)()

    return wrapper


db = database_sync_to_async  # shorthand: run a service or query from an async test body


def console_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"wd_console={client.cookies['wd_console'].value}"


def portal_cookie(customer: Customer) -> str:
    """A portal session made the way portal_auth.portal_login makes one."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[_CUSTOMER_ID] = customer.pk
    session[_AUTH_HASH] = customer.session_auth_hash
    session.save()
    return f"wd_portal={session.session_key}"


def socket(path: str, *, cookie: str = "", origin: tuple[bytes, bytes] | None = ORIGIN) -> Any:
    from walletdesk.config.asgi import application

    headers = [(b"host", b"127.0.0.1:8000")]
    if origin is not None:
        headers.append(origin)
    if cookie:
        headers.append((b"cookie", cookie.encode("latin1")))
    return WebsocketCommunicator(application, path, headers=headers)


async def open_socket(path: str, *, cookie: str) -> Any:
    communicator = socket(path, cookie=cookie)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def assert_refused(communicator: Any) -> None:
    """Accepted, then closed with 4401 (so a browser can tell "sign in again" from an outage)."""
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    assert await communicator.receive_output(timeout=TIMEOUT) == {
        "type": "websocket.close",
        "code": CLOSE_UNAUTHENTICATED,
    }
    await communicator.send_to(text_data="{}")  # crossed the close on the wire: no answer
    assert await communicator.receive_nothing(timeout=0.1)
    await communicator.disconnect()


async def receive(communicator: Any) -> Any:
    return await communicator.receive_json_from(timeout=TIMEOUT)


class QueryCount:
    def __init__(self) -> None:
        self.n = 0


@pytest.fixture
def all_queries(monkeypatch: pytest.MonkeyPatch) -> QueryCount:
    """Counts the SQL statements of every thread (the consumers' database thread included),
    which django_assert_num_queries, bound to the test thread's connection, cannot see."""
    from django.db.backends.utils import CursorWrapper

    count = QueryCount()
    execute, executemany = CursorWrapper.execute, CursorWrapper.executemany

    def counted_execute(self: CursorWrapper, *args: Any, **kwargs: Any) -> Any:
        count.n += 1
        return execute(self, *args, **kwargs)

    def counted_executemany(self: CursorWrapper, *args: Any, **kwargs: Any) -> Any:
        count.n += 1
        return executemany(self, *args, **kwargs)

    monkeypatch.setattr(CursorWrapper, "execute", counted_execute)
    monkeypatch.setattr(CursorWrapper, "executemany", counted_executemany)
    return count


async def assert_closed(communicator: Any, code: int) -> None:
    assert await communicator.receive_output(timeout=TIMEOUT) == {
        "type": "websocket.close",
        "code": code,
    }
