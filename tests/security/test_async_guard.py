"""Django's async-safety guard is on in the main test run: a consumer or task that called the
ORM straight from async code would fail here as it would in production."""

from __future__ import annotations

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from walletdesk.tickets.models import Ticket


def test_the_guard_is_not_lifted():
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


@pytest.mark.django_db
def test_an_orm_query_inside_an_event_loop_is_refused():
    async def query_from_async_code() -> int:
        return Ticket.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(query_from_async_code())
