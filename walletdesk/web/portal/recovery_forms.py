"""Forms of the account-recovery pages: forgot password, a new password, a new address, help
for the signed-out. They bound what is typed; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.identifiers import normalise_email, normalise_phone
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.services import MAX_BODY_CHARS

MAX_PASSWORD_CHARS = 256


def _address_valid(value: str) -> str:
    """An email address or a phone number, well formed; the same error for anything else."""
    text = value.strip()
    try:
        normalise_email(text) if "@" in text else normalise_phone(text)
    except ValidationFailed as error:
        raise forms.ValidationError(
            _("Enter an email address or a phone number, such as +86 138 0013 8000.")
        ) from error
    return text


class AddressForm(forms.Form):
    identifier = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean_identifier(self) -> str:
        return _address_valid(self.cleaned_data["identifier"])


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("The 6-digit code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class NewPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        max_length=MAX_PASSWORD_CHARS,
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "data-password-check": "1"}
        ),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        max_length=MAX_PASSWORD_CHARS,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class ResetForm(NewPasswordForm):
    """The code and the new password, on one page. Once the code was accepted (the form came
    back for the password), the code is not asked again."""

    code = _code_field()
    factor = forms.CharField(
        label=_("The code from your authenticator app, or a backup code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    field_order = ["code", "factor", "password1", "password2"]

    def __init__(
        self, *args: Any, code_proven: bool = False, needs_factor: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if code_proven:
            del self.fields["code"]
        if not needs_factor:
            del self.fields["factor"]


class CodeForm(forms.Form):
    code = _code_field()


class HelpForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your registered email or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    problem_type = forms.ChoiceField(
        label=_("What is your request about?"),
        choices=ProblemType.choices,
        initial=ProblemType.PASSWORD_RESET,
    )
    body = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Never write your password, codes or recovery phrase here."),
    )

    def clean_identifier(self) -> str:
        return _address_valid(self.cleaned_data["identifier"])
