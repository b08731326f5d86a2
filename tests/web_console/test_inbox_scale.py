"""The inbox at size: a capped count, pages past it, the last-updated order, labels per language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.web_console.conftest import HTMX
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import Channel, Priority, Status
from walletdesk.tickets.models import Ticket
from walletdesk.web.console import display
from walletdesk.web.console.paging import COUNT_CAP

pytestmark = pytest.mark.django_db

INBOX = reverse("console:inbox")


def _bulk(count: int, requester: Customer) -> None:
    now = timezone.now()
    Ticket.objects.bulk_create(
        Ticket(
            subject=f"Bulk {n}",
            channel=Channel.EMAIL,
            status=Status.OPEN,
            requester=requester,
            created_at=now - timedelta(minutes=n),
            updated_at=now - timedelta(minutes=n),
        )
        for n in range(count)
    )


def test_past_a_thousand_the_count_is_capped_and_pages_go_on(
    login_as, supervisor: User, make_customer
) -> None:
    _bulk(COUNT_CAP + 60, make_customer())
    client = login_as(supervisor)
    first = client.get(INBOX, headers=HTMX).content.decode()
    assert "More than 1000 tickets" in first
    assert "page=2" in first
    last = client.get(INBOX, {"page": str((COUNT_CAP + 60) // 50 + 1)}).content.decode()
    assert last.count('class="row-link"') == (COUNT_CAP + 60) % 50
    assert "Next page" not in last
    assert "Previous page" in last


def test_a_short_list_is_counted_exactly_without_a_count_query(
    login_as, supervisor: User, make_ticket
) -> None:
    for _ in range(3):
        make_ticket()
    client = login_as(supervisor)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(INBOX, headers=HTMX).content.decode()
    assert "3 tickets" in html
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_newest_update_first(login_as, supervisor: User, make_ticket) -> None:
    old, new = make_ticket(subject="Older update"), make_ticket(subject="Newer update")
    Ticket.objects.filter(pk=new.pk).update(
        updated_at=timezone.now() - timedelta(days=1), priority=Priority.LOW
    )
    Ticket.objects.filter(pk=old.pk).update(updated_at=timezone.now(), priority=Priority.LOW)
    client = login_as(supervisor)
    queue = client.get(INBOX, headers=HTMX).content.decode()
    updated = client.get(INBOX, {"order": "updated"}, headers=HTMX).content.decode()
    assert queue.index(old.reference) < queue.index(new.reference)  # same priority: oldest first
    assert updated.index(old.reference) < updated.index(new.reference)  # touched last: first
    Ticket.objects.filter(pk=new.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    updated = client.get(INBOX, {"order": "updated"}, headers=HTMX).content.decode()
    assert updated.index(new.reference) < updated.index(old.reference)
    page = client.get(INBOX).content.decode()
    assert 'name="order"' in page
    assert "Last updated first" in page


def test_labels_follow_the_active_language() -> None:
    with translation.override("en"):
        assert display.choice_label(Status, "pending_customer") == "Waiting for customer"
        assert display.choice_label(Priority, 50) == "Critical"
    with translation.override("zh-hans"):
        chinese = display.choice_label(Status, "pending_customer")
    assert chinese
    assert chinese != "Waiting for customer"
    assert display.choice_label(Status, "no-such-code") == "no-such-code"
