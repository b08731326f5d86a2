"""Forms of the official-channel check and the phishing report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from walletdesk.safety.models import ReportCategory
from walletdesk.safety.verify import MAX_VALUE_CHARS
from walletdesk.web.portal.forms import MultipleFileField, attachments_help


class VerifyForm(forms.Form):
    value = forms.CharField(
        label=_("Phone number, email, web address or account"),
        max_length=MAX_VALUE_CHARS,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "placeholder": "+86 400-800-8888",
            }
        ),
    )


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What are you reporting?"), choices=ReportCategory.choices)
    values = forms.CharField(
        label=_("The link, number, email address or account name"),
        max_length=5 * (MAX_VALUE_CHARS + 1),
        help_text=_("One per line, at most 5. Copy it exactly as you saw it."),
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "off", "spellcheck": "false"}),
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,
        help_text=_("When and how they contacted you, and what they asked for."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label=_("Your email or phone number, so we can reply"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
    attachments = MultipleFileField(label=_("Screenshots"))

    def __init__(self, *args: object, signed_in: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["attachments"].help_text = attachments_help()
        if signed_in:
            del self.fields["contact"]
        else:
            self.fields["contact"].required = True

    def value_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["values"].splitlines() if line.strip()]
