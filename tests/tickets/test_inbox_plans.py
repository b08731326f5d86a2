"""The inbox reads its page off an index in every order it offers: the database never sorts
the matching rows to return fifty (what made it slow at 100,000 tickets). On SQLite this holds
from the start, before any ANALYZE: the migration gives the planner statistics."""

from __future__ import annotations

import pytest
from django.db import connection

from walletdesk.identity.models import Role
from walletdesk.tickets.selectors import InboxFilters, inbox

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plans are stable at any table size"
)


@pytest.mark.parametrize("order", ["queue", "updated"])
@pytest.mark.parametrize("status", ["active", "", "open"])
@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_no_sort_over_the_matching_rows(make_user, make_ticket, order, status, role) -> None:
    make_ticket()
    user = make_user(role, ("frontline",))
    page = inbox(user=user, filters=InboxFilters(status=status, order=order))[:51]
    plan = page.explain()
    assert "USING INDEX" in plan
    assert "TEMP B-TREE" not in plan, plan
