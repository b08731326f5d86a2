"""The chat pane's and the presence switch's forms: they parse and bound input; the rules
(who may take, transfer or close a chat) live in the chat's services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from walletdesk.chat.choices import Presence
from walletdesk.identity.models import TeamCode, User

MAX_NOTE_CHARS = 5000
MAX_CAPACITY = 20


class PresenceForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Presence.choices)
    capacity = forms.IntegerField(
        label=_("Chats at once"), min_value=1, max_value=MAX_CAPACITY, required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_NOTE_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(forms.Form):
    to_user = forms.TypedChoiceField(label=_("To an agent"), required=False, coerce=int)
    to_team = forms.ChoiceField(
        label=_("Or to a team"),
        required=False,
        choices=[("", "—"), *TeamCode.choices],
    )
    note = forms.CharField(
        label=_("Note for the next agent"),
        max_length=MAX_NOTE_CHARS,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agents: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agents = {agent.pk: agent for agent in agents}
        field = self.fields["to_user"]
        if isinstance(field, forms.TypedChoiceField):  # always: declared above
            field.choices = [("", "—"), *((str(pk), str(a)) for pk, a in self.agents.items())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_user")) == bool(data.get("to_team")):
            raise forms.ValidationError(_("Choose either an agent or a team."))
        return data

    def target_user(self) -> User | None:
        pk = self.cleaned_data.get("to_user")
        return self.agents.get(pk) if pk else None
