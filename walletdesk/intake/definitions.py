"""What the team needs to know, per problem type: one table that every channel draws from.

A definition is data, not a form. The portal renders it as a Django form
(`walletdesk.web.portal.intake_form`), the chat asks it one question at a time and the phone menu
reads it out (`walletdesk.intake.questions`), the email reply template lists it. Validation is
the same everywhere: `walletdesk.intake.answers.intake_validate`.

Field names are stable codes: they are the keys of `IntakeAnswers.values`, of the API's
`answers` object and of `IntakeRequest.answers`.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from walletdesk.intake import catalogue as c
from walletdesk.intake.schema import Audience, FieldKind, IntakeDefinition, IntakeField
from walletdesk.vocab.choices import ProblemType

__all__ = [
    "DEFINITIONS",
    "Audience",
    "FieldKind",
    "IntakeDefinition",
    "IntakeField",
    "definition_for",
]

_STOLEN = (
    IntakeField(
        "noticed_at",
        FieldKind.DATETIME,
        _("When you noticed"),
        _("When did you first notice that someone else was using your wallet?"),
        _("Beijing time; a guess is fine."),
        required=True,
    ),
    IntakeField(
        "lost",
        FieldKind.LONG_TEXT,
        _("What was lost"),
        _("What have you lost: money, your phone, your password, access to your email?"),
        max_length=c.LONG,
    ),
    IntakeField(
        "unauthorised",
        FieldKind.LONG_TEXT,
        _("Transactions you did not make"),
        _("Which transactions do you see that you did not make yourself?"),
        _("Date, amount and merchant or person of each, as far as you know."),
        max_length=c.LONG,
    ),
)
_PHISHING = (
    IntakeField(
        "source",
        FieldKind.TEXT,
        _("Where it came from"),
        _("How did the suspicious message reach you?"),
        choices=(
            ("sms", _("Text message")),
            ("email", _("Email")),
            ("call", _("Phone call")),
            ("chat_app", _("Chat app")),
            ("website", _("Website")),
            ("other", _("Somewhere else")),
        ),
        required=True,
    ),
    IntakeField(
        "link",
        FieldKind.TEXT,
        _("Link, number or sender"),
        _("What link, phone number or sender address did it come with?"),
        _("Copy it as it was; please do not open the link again."),
        max_length=500,
    ),
    IntakeField(
        "shared",
        FieldKind.LONG_TEXT,
        _("What you shared"),
        _("Did you enter or tell them anything, such as a password or a verification code?"),
        max_length=c.LONG,
    ),
)
_IDENTITY = (
    IntakeField(
        "document",
        FieldKind.TEXT,
        _("Document"),
        _("Which identity document are you verifying with?"),
        _("For example: resident identity card, passport."),
        max_length=100,
    ),
    c.ERROR_SHOWN,
)
_FEES = (
    IntakeField(
        "fee_or_limit",
        FieldKind.TEXT,
        _("Fee or limit"),
        _("Which fee or limit is your question about?"),
        _("For example: the withdrawal fee, the daily payment limit."),
        required=True,
    ),
    c.OCCURRED_AT,
    c.AMOUNT,
    c.CURRENCY,
)
_TWO_FACTOR = (
    IntakeField(
        "factor",
        FieldKind.TEXT,
        _("Verification method"),
        _("How do you usually receive your verification codes?"),
        choices=(
            ("sms", _("Text message")),
            ("authenticator", _("Authenticator app")),
            ("email", _("Email")),
        ),
    ),
    c.ERROR_SHOWN,
)
_PASSWORD = (
    c.ERROR_SHOWN,
    IntakeField(
        "last_signed_in",
        FieldKind.DATETIME,
        _("Last successful sign-in"),
        _("When were you last able to sign in?"),
    ),
)
_FROZEN = (
    IntakeField(
        "frozen_noticed_at",
        FieldKind.DATETIME,
        _("When you noticed the freeze"),
        _("When did you notice that your wallet was frozen?"),
    ),
    c.ERROR_SHOWN,
)


def _define(
    problem_type: ProblemType,
    intro: Promise,
    extra: tuple[IntakeField, ...] = (),
    *,
    money: bool = False,
    crypto: bool = False,
) -> IntakeDefinition:
    specific = (c.MONEY + (c.CRYPTO if crypto else ())) if money else extra
    return IntakeDefinition(
        problem_type=problem_type,
        intro=intro,
        fields=c.COMMON_START + specific + c.COMMON_END,
        finds_transaction=money,
        diagnosable=money,
    )


_MONEY_INTRO = _(
    "Tell us what happened and which transaction it was, so we can look it up and check why."
)

DEFINITIONS: dict[str, IntakeDefinition] = {
    d.problem_type.value: d
    for d in (
        _define(
            ProblemType.ACCOUNT_STOLEN,
            _("Tell us what you noticed and what was lost, so we can secure your wallet."),
            _STOLEN,
        ),
        _define(
            ProblemType.PASSWORD_RESET,
            _("Tell us what happens when you try to sign in, so we can help you back in."),
            _PASSWORD,
        ),
        _define(
            ProblemType.TWO_FACTOR,
            _("Tell us how you receive codes and what goes wrong, so we can check your setup."),
            _TWO_FACTOR,
        ),
        _define(ProblemType.TOPUP_NOT_CREDITED, _MONEY_INTRO, money=True, crypto=True),
        _define(ProblemType.TRANSACTION_FAILED, _MONEY_INTRO, money=True, crypto=True),
        _define(ProblemType.PAYMENT_METHOD, _MONEY_INTRO, money=True),
        _define(ProblemType.MERCHANT_ISSUE, _MONEY_INTRO, money=True),
        _define(
            ProblemType.ACCOUNT_FROZEN,
            _("Tell us when you noticed the freeze and what you saw, so we can review it."),
            _FROZEN,
        ),
        _define(
            ProblemType.PHISHING_REPORT,
            _("Tell us where the message came from, so we can warn others and protect you."),
            _PHISHING,
        ),
        _define(
            ProblemType.IDENTITY_VERIFICATION,
            _("Tell us which document you use and where verification stops."),
            _IDENTITY,
        ),
        _define(
            ProblemType.FEES_LIMITS,
            _("Tell us which fee or limit you mean, so we can explain it."),
            _FEES,
        ),
        _define(
            ProblemType.OTHER, _("Tell us what happened, so we can route it to the right team.")
        ),
    )
}


def definition_for(problem_type: str) -> IntakeDefinition:
    """The definition of a problem type; unknown codes get OTHER's."""
    return DEFINITIONS.get(problem_type) or DEFINITIONS[ProblemType.OTHER]
