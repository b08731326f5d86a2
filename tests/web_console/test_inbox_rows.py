"""The inbox rows worked out in Python say what the template used to work out per row: the same
ages as Django's `timesince`, links, labels, badges and the stand-ins for what is missing."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.timesince import timesince

from walletdesk.core import clock
from walletdesk.identity.models import User
from walletdesk.tickets.choices import Priority, ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.web.console.inbox_rows import priority_badge, time_since

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _moments() -> list[tuple[dt.datetime, dt.datetime]]:
    rng = random.Random(15)
    now = dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.UTC)  # just after a short February
    pairs = [
        (now, now),
        (now + dt.timedelta(minutes=5), now),  # in the future: "0 minutes"
        (now - dt.timedelta(seconds=59), now),
        (dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC), dt.datetime(2025, 2, 28, 12, tzinfo=dt.UTC)),
        (dt.datetime(2026, 1, 31, 9, tzinfo=SHANGHAI), dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)),
    ]
    for _ in range(400):
        seconds = rng.choice([rng.randint(0, 3600), rng.randint(0, 90 * 86400)])
        seconds = rng.choice([seconds, rng.randint(0, 800 * 86400)])
        pairs.append((now - dt.timedelta(seconds=seconds), now))
    return pairs


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_ages_read_exactly_as_djangos_timesince(language: str) -> None:
    with translation.override(language):
        for moment, now in _moments():
            assert time_since(moment, now, language) == timesince(moment, now), (moment, now)


def test_priority_badges_as_the_badge_template() -> None:
    assert priority_badge(Priority.CRITICAL) == " badge-critical"
    assert priority_badge(Priority.URGENT) == " badge-urgent"
    assert priority_badge(Priority.HIGH) == " badge-high"
    assert priority_badge(Priority.NORMAL) == ""
    assert priority_badge(Priority.LOW) == ""


@pytest.mark.django_db
def test_a_row_says_what_is_missing_and_links_to_its_ticket(
    login_as: Callable[[User], Client], supervisor: User, make_ticket: Callable[..., Ticket]
) -> None:
    opened = dt.datetime(2026, 11, 3, 6, 0, tzinfo=dt.UTC)
    with clock.frozen_at(opened):
        ticket = make_ticket(
            contact="walk-in@example.com",
            requester=None,
            problem_type=ProblemType.ACCOUNT_STOLEN,
            subject="Phone <stolen>",
        )
    Ticket.objects.filter(pk=ticket.pk).update(team=None)
    client = login_as(supervisor)

    with clock.frozen_at(opened + dt.timedelta(seconds=5)):
        page = client.get(reverse("console:inbox")).content.decode()

    row = page.split(f'data-ticket="{ticket.pk}"', 1)[1].split("</tr>", 1)[0]
    url = reverse("console:ticket", args=[ticket.pk])
    assert f'<a href="{url}">{ticket.reference}</a>' in row
    assert "Phone &lt;stolen&gt;" in row
    assert "walk-in@example.com" in row
    assert '<span class="badge badge-critical">Critical</span>' in row
    assert f'<span class="badge badge-{ticket.status}">' in row
    assert "<td>—</td>" in row  # no team
    assert '<span class="muted">Unassigned</span>' in row
    assert 'title="2026-11-03 14:00"' in row  # in the console's time zone, Asia/Shanghai
    assert "opened just now" in row


@pytest.mark.django_db
def test_rows_speak_the_agents_language(
    login_as: Callable[[User], Client], supervisor: User, make_ticket: Callable[..., Ticket]
) -> None:
    make_ticket(subject="Top-up missing")
    client = login_as(supervisor)
    client.cookies["django_language"] = "zh-hans"

    page = client.get(reverse("console:inbox"), headers={"accept-language": "zh-hans"})

    html = page.content.decode()
    assert "刚刚创建" in html or "前创建" in html
    assert "未分配" in html
