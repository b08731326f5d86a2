"""An intake definition as a Django form for the portal.

The form only draws the fields and sends back what was typed: `intake_validate` decides what is
valid, the same as for the chat, the phone and the API, and its messages land on the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.intake.answers import IntakeAnswers, intake_validate
from walletdesk.intake.checks import CRYPTO_ASSETS, NETWORK_NAMES
from walletdesk.intake.definitions import FieldKind, IntakeDefinition, IntakeField
from walletdesk.intake.questions import currency_label
from walletdesk.wallet.contracts import Asset, PaymentMethodInfo, TransactionInfo
from walletdesk.web.portal.wallet_text import method_text, methods_by_ref, transaction_choice_label

_BLANK = ("", _("Choose…"))
# The same words as intake_validate's, so every channel says it alike.
_REQUIRED = {"required": _("Please answer this question.")}
_CRYPTO_CODES = " ".join(sorted(asset.value for asset in CRYPTO_ASSETS))


class IntakeForm(forms.Form):
    """Base of every generated intake form; `answers` holds the typed values once valid."""

    definition: ClassVar[IntakeDefinition]
    signed_in: ClassVar[bool]
    transaction_refs: ClassVar[frozenset[str]]
    payment_method_refs: ClassVar[frozenset[str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers: IntakeAnswers | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data = {name: str(value or "") for name, value in cleaned.items()}
        try:
            self.answers = intake_validate(
                self.definition,
                data,
                signed_in=self.signed_in,
                transaction_refs=self.transaction_refs,
                payment_method_refs=self.payment_method_refs,
            )
        except ValidationFailed as exc:
            for name, messages in exc.fields.items():
                if name in self.errors:  # the field's own check already said it
                    continue
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned


def intake_form_class(
    definition: IntakeDefinition,
    *,
    signed_in: bool,
    transactions: Sequence[TransactionInfo] = (),
    payment_methods: Sequence[PaymentMethodInfo] = (),
) -> type[IntakeForm]:
    """A form class for `definition` as this requester sees it: their own transactions and
    payment methods in the pickers when signed in, free text for them when not. Built per
    request, so labels are in the language active now."""
    methods = methods_by_ref(payment_methods)
    fields: dict[str, forms.Field] = {}
    for spec in definition.fields_for(signed_in=signed_in):
        if spec.kind == FieldKind.TRANSACTION:
            if not transactions:  # nothing to pick from: no empty picker
                continue
            options = [(tx.ref, transaction_choice_label(tx, methods)) for tx in transactions]
            fields[spec.name] = _choice(spec, options)
        elif spec.kind == FieldKind.PAYMENT_METHOD and signed_in:
            if not payment_methods:
                continue
            picker = _choice(spec, [(m.ref, method_text(m)) for m in payment_methods])
            picker.help_text = ""  # the hint tells the signed-out how to describe a card
            fields[spec.name] = picker
        else:
            fields[spec.name] = _field(spec)
    attrs: dict[str, object] = {
        **fields,
        "definition": definition,
        "signed_in": signed_in,
        "transaction_refs": frozenset(tx.ref for tx in transactions),
        "payment_method_refs": frozenset(m.ref for m in payment_methods),
    }
    name = f"IntakeForm_{definition.problem_type.value}"
    return type(name, (IntakeForm,), attrs)


def _field(spec: IntakeField) -> forms.Field:
    if spec.kind == FieldKind.CURRENCY:
        return _choice(spec, [(a.value, currency_label(a)) for a in Asset])
    if spec.kind == FieldKind.NETWORK:
        return _choice(spec, list(NETWORK_NAMES.items()))
    if spec.choices:
        return _choice(spec, list(spec.choices))
    widget: forms.Widget
    if spec.kind in {FieldKind.LONG_TEXT, FieldKind.ARTICLES}:
        widget = forms.Textarea(attrs={"rows": 5 if spec.kind == FieldKind.LONG_TEXT else 2})
    elif spec.kind == FieldKind.DATETIME:
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    elif spec.kind == FieldKind.AMOUNT:
        widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    elif spec.kind == FieldKind.IDENTIFIER:
        widget = forms.TextInput(attrs={"autocomplete": "username"})
    elif spec.kind in {FieldKind.TX_HASH, FieldKind.ADDRESS}:
        widget = forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "off"})
    else:
        widget = forms.TextInput()
    _mark(spec, widget)
    return forms.CharField(
        label=str(spec.label),
        help_text=str(spec.help),
        required=spec.required,
        error_messages=_REQUIRED,
        max_length=spec.max_length,
        strip=False,  # intake_validate trims, after NFKC
        widget=widget,
    )


def _choice(spec: IntakeField, options: list[tuple[str, Any]]) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=str(spec.label),
        help_text=str(spec.help),
        required=spec.required,
        error_messages=_REQUIRED,
        choices=[_BLANK, *options],
    )
    _mark(spec, field.widget)
    return field


def _mark(spec: IntakeField, widget: forms.Widget) -> None:
    """Digital-asset fields say which currencies they belong to, so the page can show them
    only when the customer picks one."""
    if spec.crypto_only:
        widget.attrs["data-intake-currencies"] = _CRYPTO_CODES
