"""Console forms: they parse and bound input; every rule about tickets lives in the services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from walletdesk.identity.models import TeamCode, User
from walletdesk.tickets.choices import (
    TRANSITIONS,
    Channel,
    MessageKind,
    Priority,
    ProblemType,
    Status,
)
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.selectors import InboxFilters
from walletdesk.tickets.services import MAX_BODY_CHARS, TicketChanges
from walletdesk.web.widgets import QuickSelect

STATUS_ACTIVE = "active"
STATUS_ALL = "all"
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"
ORDER_QUEUE = "queue"
ORDER_UPDATED = "updated"


class ConsoleLoginForm(AuthenticationForm):
    """Django's sign-in form against console users only (customers are another table)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


def _user_choices(users: Iterable[User]) -> list[tuple[str, str]]:
    return [(str(user.pk), str(user)) for user in users]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(widget=QuickSelect, label=_("Status"), required=False)
    channel = forms.ChoiceField(widget=QuickSelect, label=_("Channel"), required=False)
    problem_type = forms.ChoiceField(widget=QuickSelect, label=_("Problem type"), required=False)
    team = forms.ChoiceField(widget=QuickSelect, label=_("Team"), required=False)
    assignee = forms.ChoiceField(widget=QuickSelect, label=_("Assignee"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    order = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Order"),
        required=False,
        choices=[
            (ORDER_QUEUE, _("Priority, then oldest")),
            (ORDER_UPDATED, _("Last updated first")),
        ],
    )

    def __init__(self, *args: Any, users: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices(
            "status",
            [(STATUS_ACTIVE, _("Active (not solved)")), *Status.choices, (STATUS_ALL, _("All"))],
        )
        self._set_choices("channel", [("", _("Any channel")), *Channel.choices])
        self._set_choices("problem_type", [("", _("Any problem type")), *ProblemType.choices])
        self._set_choices("team", [("", _("Any team")), *TeamCode.choices])
        self._set_choices(
            "assignee",
            [
                ("", _("Anyone")),
                (ASSIGNEE_ME, _("Me")),
                (ASSIGNEE_NONE, _("Unassigned")),
                *_user_choices(users),
            ],
        )
        search = self.fields["q"].widget
        search.input_type = "search"
        search.attrs.update({"placeholder": _("Words, name, email, phone or reference")})

    def _set_choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = choices

    def filters(self) -> InboxFilters:
        """The filters to apply. A value that does not parse counts as "not filtered", so a
        hand-edited URL narrows nothing rather than failing."""
        self.is_valid()
        data: dict[str, str] = {
            name: value for name, value in self.cleaned_data.items() if name not in self.errors
        }
        status = data.get("status") or STATUS_ACTIVE
        return InboxFilters(
            status="" if status == STATUS_ALL else status,
            channel=data.get("channel", ""),
            problem_type=data.get("problem_type", ""),
            team=data.get("team", ""),
            assignee=data.get("assignee", ""),
            query=data.get("q", "").strip(),
            order=data.get("order") or ORDER_QUEUE,
        )


class ComposerForm(forms.Form):
    """A public reply or an internal note; the pressed button says which."""

    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    kind = forms.ChoiceField(
        choices=[
            (MessageKind.REPLY, MessageKind.REPLY.label),
            (MessageKind.NOTE, MessageKind.NOTE.label),
        ]
    )


class TicketPropertiesForm(forms.Form):
    """Status, priority, problem type, team and assignee.

    Each field travels with the value the agent saw (`was_<field>`); only fields the agent
    actually changed are sent to the service, so two agents editing different fields at the
    same time do not undo each other's work.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, empty_value=None
    )
    problem_type = forms.ChoiceField(label=_("Problem type"), choices=ProblemType.choices)
    team = forms.ChoiceField(label=_("Team"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    FIELDS = ("status", "priority", "problem_type", "team", "assignee")

    def __init__(
        self, *args: Any, ticket: Ticket, users: Iterable[User] = (), **kwargs: Any
    ) -> None:
        initial = {
            "status": ticket.status,
            "priority": ticket.priority,
            "problem_type": ticket.problem_type,
            "team": ticket.team.code if ticket.team else "",
            "assignee": str(ticket.assignee_id) if ticket.assignee_id else "",
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        # Offer only the moves the status machine allows; the service still checks them.
        allowed = {ticket.status, *TRANSITIONS[ticket.status]}
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)  # noqa: S101 - declared above
        status_field.widget.choices = [c for c in Status.choices if c[0] in allowed]
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)  # noqa: S101 - declared above
        team_field.choices = [("", _("No team")), *TeamCode.choices]
        assignee_field = self.fields["assignee"]
        assert isinstance(assignee_field, forms.ChoiceField)  # noqa: S101 - declared above
        assignee_field.choices = [("", _("Unassigned")), *_user_choices(users)]
        for name in self.FIELDS:
            # What the agent saw, posted back untouched.
            self.fields[f"was_{name}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=str(initial[name])
            )

    def changes(self) -> TicketChanges:
        """Call after `is_valid()`. Fields the agent left as they were become None."""
        data = self.cleaned_data

        def touched(name: str) -> bool:
            return str(data[name]) != (data.get(f"was_{name}") or "")

        assignee = data["assignee"]
        return TicketChanges(
            status=data["status"] if touched("status") else None,
            priority=data["priority"] if touched("priority") else None,
            problem_type=data["problem_type"] if touched("problem_type") else None,
            team=data["team"] if touched("team") and data["team"] else None,
            assignee_id=(int(assignee) if assignee else 0) if touched("assignee") else None,
        )
