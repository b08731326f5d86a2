"""A definition as questions: one at a time for the chat, read out for the phone menu, and as
a plain-text list for an email reply.

The phone cannot take free text well, so `spoken` questions turn every closed list into keypad
choices ("press 1 for Chinese yuan") and say how to key in amounts and times.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from walletdesk.intake.checks import NETWORK_ASSETS, NETWORK_NAMES
from walletdesk.intake.definitions import FieldKind, IntakeDefinition, IntakeField
from walletdesk.wallet.contracts import Asset


@dataclass(frozen=True)
class Question:
    name: str  # the field name: the key of the answer
    prompt: str  # in the active language
    kind: FieldKind
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); on the phone key N is item N
    hint: str = ""
    spoken: bool = False

    def key_for(self, pressed: str) -> str | None:
        """The value a keypad press stands for, or None for a key that means nothing here."""
        if not pressed.isdigit() or not 1 <= int(pressed) <= len(self.choices):
            return None
        return self.choices[int(pressed) - 1][0]


def currency_label(asset: Asset) -> str:
    """ "Chinese yuan (CNY)"; a label that already names its code is not repeated."""
    label = asset.label
    return label if asset.value in label else f"{label} ({asset.value})"


def field_choices(spec: IntakeField) -> tuple[tuple[str, str], ...]:
    """The closed list a field offers, labelled in the active language (empty for free text).
    Transactions and payment methods are the requester's own: the caller supplies those."""
    if spec.kind == FieldKind.CURRENCY:
        return tuple((asset.value, currency_label(asset)) for asset in Asset)
    if spec.kind == FieldKind.NETWORK:
        return tuple((code, str(NETWORK_NAMES[code])) for code in NETWORK_ASSETS)
    return tuple((value, str(label)) for value, label in spec.choices)


def questions_for(
    definition: IntakeDefinition, *, signed_in: bool, spoken: bool = False
) -> list[Question]:
    """The questions to ask, in order. Spoken ones skip the signed-in picker (the phone menu
    reads the transactions out itself) and end with what to press."""
    questions = []
    for spec in definition.fields_for(signed_in=signed_in):
        if spoken and spec.kind == FieldKind.TRANSACTION:
            continue
        choices = field_choices(spec)
        prompt = str(spec.question)
        if spoken:
            prompt = " ".join(part for part in (prompt, _spoken_hint(spec, choices)) if part)
        questions.append(
            Question(
                name=spec.name,
                prompt=prompt,
                kind=spec.kind,
                required=spec.required,
                choices=choices,
                hint=str(spec.help),
                spoken=spoken,
            )
        )
    return questions


def _spoken_hint(spec: IntakeField, choices: tuple[tuple[str, str], ...]) -> str:
    if choices:
        presses = [
            _("Press {key} for {label}.").format(key=index, label=label)
            for index, (_value, label) in enumerate(choices, start=1)
        ]
        return " ".join(presses)
    if spec.kind == FieldKind.AMOUNT:
        return _("Key in the amount, using the star key for the decimal point, then press hash.")
    if spec.kind == FieldKind.DATETIME:
        return _("Key in the date and time as year, month, day, hour and minute, then press hash.")
    return ""


def email_template(definition: IntakeDefinition) -> str:
    """What to include when writing in by email, in the active language: the email channel
    cannot show a form, so a reply lists the questions to answer."""
    lines = [str(definition.intro), "", _("Please reply with:"), ""]
    for spec in definition.fields_for(signed_in=False):
        line = _("{label} (required): {question}") if spec.required else _("{label}: {question}")
        lines.append("- " + line.format(label=spec.label, question=spec.question))
        extra = _email_extra(spec)
        if extra:
            lines.append(f"  {extra}")
    return "\n".join(lines) + "\n"


def _email_extra(spec: IntakeField) -> str | Promise:
    choices = field_choices(spec)
    if choices:
        return _("One of: {options}").format(options=", ".join(label for _v, label in choices))
    return spec.help
