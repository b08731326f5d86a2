"""Turning stored codes into what an agent reads: labels, badge classes, history rows."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from walletdesk.identity.models import TeamCode
from walletdesk.tickets.choices import Priority, ProblemType, Status
from walletdesk.tickets.models import TicketEvent

_FIELD_LABELS: dict[str, str | Promise] = {
    "created": _("Ticket created"),
    "status": _("Status"),
    "priority": _("Priority"),
    "problem_type": _("Problem type"),
    "team": _("Team"),
    "assignee": _("Assignee"),
    "subject": _("Subject"),
}


def choice_label(choices: type[Choices], value: object) -> str:
    """A stored code in words, in the active language; unknown codes are shown as stored.

    `ticket.get_status_display()` translates every option of the field again on each call
    (Django hashes the lazy labels to build a lookup table); a page of fifty rows made that
    thousands of gettext calls. Here each option is translated once per language."""
    return _labels(choices, get_language() or "").get(str(value), str(value))


@functools.cache
def _labels(choices: type[Choices], language: str) -> dict[str, str]:
    # `language` is the cache key: the labels are built while that language is active.
    return {str(value): str(label) for value, label in choices.choices}


def _label(field: str, value: str) -> str:
    """The stored value of a history row in words; unknown values are shown as stored."""
    if not value:
        return "—"
    choices: dict[str, type[Status] | type[ProblemType] | type[TeamCode]] = {
        "status": Status,
        "created": Status,
        "problem_type": ProblemType,
        "team": TeamCode,
    }
    try:
        if field in choices:
            return str(choices[field](value).label)
        if field == "priority":
            return str(Priority(int(value)).label)
    except ValueError:
        pass
    return value


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    what: str
    old: str
    new: str


def history_rows(events: Iterable[TicketEvent]) -> list[HistoryRow]:
    """Expects `actor_user` and `actor_customer` selected with the events."""
    rows = []
    for event in events:
        if event.actor_user is not None:
            actor = str(event.actor_user)
        elif event.actor_customer is not None:
            actor = event.actor_customer.display_name
        else:
            actor = str(_("System"))
        rows.append(
            HistoryRow(
                at=event.created_at,
                actor=actor,
                what=str(_FIELD_LABELS.get(event.field, event.field)),
                old=_label(event.field, event.old_value),
                new=_label(event.field, event.new_value),
            )
        )
    return rows
