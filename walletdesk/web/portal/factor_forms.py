"""What the second-factor pages share: the code field and the "send me a code" choices."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy

from walletdesk.core.masking import mask_email, mask_phone
from walletdesk.identity.models import Customer
from walletdesk.security.models import CodeChannel


class FactorForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The 6-digit code in your authenticator app, a backup code, or the code we sent you."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class SentCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code we sent you"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@dataclass(frozen=True)
class CodeChoice:
    channel: str
    destination: str


def code_choices(customer: Customer) -> list[CodeChoice]:
    """Where a code can go: the registered email and phone, masked."""
    choices = []
    if customer.email:
        choices.append(CodeChoice(CodeChannel.EMAIL, mask_email(customer.email)))
    if customer.phone:
        choices.append(CodeChoice(CodeChannel.SMS, mask_phone(customer.phone)))
    return choices


def chosen_channel(customer: Customer, value: str) -> str:
    """The channel the customer picked, if they have it; else ""."""
    return next((c.channel for c in code_choices(customer) if c.channel == value), "")
