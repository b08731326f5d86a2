"""The inbox table's rows, worked out in Python once per page.

Fifty rows of template logic — five label filters, two "how long ago" texts, a date and a
`{% url %}` per row, each looking up the active language and time zone again — cost more than
the query behind them. Here each label, each translated phrase and the link prefix are found
once per page, and every age text once per distinct age (a page shows few: "3 months, 1 week"
repeats). What a person sees is unchanged: the same words, links and badges as before.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import avoid_wrapping
from django.utils.safestring import SafeString
from django.utils.timesince import MONTHS_DAYS, TIME_CHUNKS, TIME_STRINGS, TIME_STRINGS_KEYS
from django.utils.translation import get_language, gettext

from walletdesk.core import clock
from walletdesk.identity.models import TeamCode
from walletdesk.tickets.choices import Channel, Priority, ProblemType, Status
from walletdesk.tickets.models import Ticket
from walletdesk.web.console.display import choice_label

_A_MINUTE = dt.timedelta(minutes=1)
_DEPTH = 2  # as Django's `timesince` filter: "3 months, 1 week"
_NO_SNIPPET = SafeString()
_SENTINEL_PK = 987654321987  # stands in for the id while the link pattern is reversed once


@dataclass(frozen=True)
class InboxRow:
    pk: int
    url: str
    reference: str
    subject: str
    requester: str
    channel: str
    problem_type: str
    status: str  # the code, for the badge's class
    status_label: str
    priority_badge: str  # the badge's extra class, "" for normal and low
    priority_label: str
    team: str
    assignee: str  # "" when nobody is assigned
    created_title: str
    age: str
    updated: str
    snippet: SafeString = _NO_SNIPPET  # the search hit in context, escaped and <mark>ed


def priority_badge(priority: int) -> str:
    """The class `console/_priority_badge.html` gives a priority's badge."""
    if priority >= Priority.CRITICAL:
        return " badge-critical"
    if priority >= Priority.URGENT:
        return " badge-urgent"
    if priority >= Priority.HIGH:
        return " badge-high"
    return ""


def inbox_rows(
    tickets: Iterable[Ticket], snippets: Mapping[int, SafeString] | None = None
) -> list[InboxRow]:
    """Expects `requester`, `assignee` and `team` selected with the tickets. `snippets`: the
    highlighted search hit of each ticket, when the inbox is searched."""
    snippets = snippets or {}
    language = get_language() or ""
    head, _sentinel, tail = reverse("console:ticket", args=[_SENTINEL_PK]).partition(
        str(_SENTINEL_PK)
    )
    opened_just_now, age_text = gettext("opened just now"), gettext("%(age)s old")
    updated_just_now, updated_text = gettext("updated just now"), gettext("updated %(since)s ago")
    zone = timezone.get_current_timezone()
    now = clock.now()  # "just now", as the `under_a_minute` filter decides it
    wall = dt.datetime.now(dt.UTC)  # the `timesince` filter's own clock
    rows = []
    for ticket in tickets:
        requester = ticket.requester
        rows.append(
            InboxRow(
                pk=ticket.pk,
                url=f"{head}{ticket.pk}{tail}",
                reference=ticket.reference,
                subject=ticket.subject,
                requester=requester.display_name if requester is not None else ticket.contact,
                channel=choice_label(Channel, ticket.channel),
                problem_type=choice_label(ProblemType, ticket.problem_type),
                status=ticket.status,
                status_label=choice_label(Status, ticket.status),
                priority_badge=priority_badge(ticket.priority),
                priority_label=choice_label(Priority, ticket.priority),
                team=choice_label(TeamCode, ticket.team.code) if ticket.team else "—",
                assignee=str(ticket.assignee) if ticket.assignee is not None else "",
                created_title=ticket.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                age=opened_just_now
                if now - ticket.created_at < _A_MINUTE
                else age_text % {"age": time_since(ticket.created_at, wall, language)},
                updated=updated_just_now
                if now - ticket.updated_at < _A_MINUTE
                else updated_text % {"since": time_since(ticket.updated_at, wall, language)},
                snippet=snippets.get(ticket.pk, _NO_SNIPPET),
            )
        )
    return rows


def time_since(moment: dt.datetime, now: dt.datetime, language: str) -> str:
    """Exactly what `django.utils.timesince.timesince(moment, now)` says, in the active
    language (`language`, the cache key): the units are worked out here, the words once."""
    return _words(language, _units(moment, now))


def _units(d: dt.datetime, now: dt.datetime) -> tuple[tuple[int, int], ...]:
    """The (unit index, count) pairs `timesince` would name, at depth 2 — its own arithmetic,
    years and months by the calendar, the rest by the clock."""
    now = now.astimezone(d.tzinfo)
    delta = now - d
    if delta.days * 24 * 60 * 60 + delta.seconds <= 0:
        return ()
    total_months = (now.year - d.year) * 12 + (now.month - d.month)
    if d.day > now.day or (d.day == now.day and d.time() > now.time()):
        total_months -= 1
    years, months = divmod(total_months, 12)
    if years or months:
        pivot_year = d.year + years
        pivot_month = d.month + months
        if pivot_month > 12:
            pivot_month -= 12
            pivot_year += 1
        pivot = dt.datetime(
            pivot_year,
            pivot_month,
            min(MONTHS_DAYS[pivot_month - 1], d.day),
            d.hour,
            d.minute,
            d.second,
            tzinfo=d.tzinfo,
        )
    else:
        pivot = d
    remaining = (now - pivot).total_seconds()
    partials = [years, months]
    for chunk in TIME_CHUNKS:
        count = int(remaining // chunk)
        partials.append(count)
        remaining -= chunk * count
    first = next((i for i, value in enumerate(partials) if value), None)
    if first is None:
        return ()
    units = []
    for i in range(first, min(first + _DEPTH, len(partials))):
        if partials[i] == 0:
            break
        units.append((i, partials[i]))
    return tuple(units)


@functools.lru_cache(maxsize=4096)
def _words(language: str, units: tuple[tuple[int, int], ...]) -> str:
    # `language` is the cache key: the words are built while that language is active.
    if not units:
        return avoid_wrapping(TIME_STRINGS["minute"] % {"num": 0})
    return gettext(", ").join(
        avoid_wrapping(TIME_STRINGS[TIME_STRINGS_KEYS[i]] % {"num": value}) for i, value in units
    )
