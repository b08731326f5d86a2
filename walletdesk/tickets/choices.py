"""A ticket's own vocabularies: statuses, their transitions, message and author kinds.

Channels, problem types and priorities are shared by every app and live in `walletdesk.vocab`;
they are re-exported here for the ticket code that has always imported them from this module.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.vocab import MONEY_PROBLEMS, Channel, Priority, ProblemType

__all__ = [
    "ACTIVE_STATUSES",
    "MONEY_PROBLEMS",
    "TRANSITIONS",
    "AuthorKind",
    "Channel",
    "MessageKind",
    "Priority",
    "ProblemType",
    "Status",
]


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING_CUSTOMER = "pending_customer", _("Waiting for customer")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = frozenset({Status.NEW, Status.OPEN, Status.PENDING_CUSTOMER, Status.ON_HOLD})

# Which status may follow which. A closed ticket is final: a new message starts a follow-up.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING_CUSTOMER, Status.ON_HOLD, Status.SOLVED}),
    Status.OPEN: frozenset({Status.PENDING_CUSTOMER, Status.ON_HOLD, Status.SOLVED}),
    Status.PENDING_CUSTOMER: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING_CUSTOMER, Status.SOLVED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")
    EVENT = "event", _("System event")


class AuthorKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    ASSISTANT = "assistant", _("Assistant")
    SYSTEM = "system", _("System")
