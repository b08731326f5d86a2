"""Password rules: Django's validators (settings.AUTH_PASSWORD_VALIDATORS) plus a strength score.

`password_validate` is the one check every place that sets a password calls, for console users
and customers alike. `ZxcvbnValidator` scores how guessable a password is (zxcvbn, 0–4) and counts
what is known about its owner — name, username, email, phone, birthday, the end of their ID
number — as already guessed.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from zxcvbn import zxcvbn

from walletdesk.core.errors import ValidationFailed

# Django 5.2's own wording of its length rule, which its Chinese catalogue lacks (it has only
# the older one). Named here so `make messages` keeps our translation of it.
DJANGO_LENGTH_RULE = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)

# zxcvbn's run time grows with length; beyond this a password is scored by its first part only
# (which still has to be strong on its own).
MAX_SCORED_CHARS = 100
_USER_ATTRIBUTES = ("username", "first_name", "last_name", "email", "display_name", "phone")


def user_inputs(user: Any) -> list[str]:
    """What an attacker who knows this person would try first: names, email and its parts, the
    phone number and its last digits."""
    words: list[str] = []
    for attribute in _USER_ATTRIBUTES:
        value = str(getattr(user, attribute, "") or "").strip()
        if not value:
            continue
        words.append(value)
        words.extend(part for part in re.split(r"[\W_]+", value) if len(part) >= 3)
        if attribute == "phone":
            digits = re.sub(r"\D", "", value)
            words.extend([digits, digits[-8:], digits[-4:]])
    birth = getattr(user, "birth_date", None)
    if birth is not None:
        words += [
            birth.strftime(pattern)
            for pattern in ("%Y%m%d", "%Y-%m-%d", "%d%m%Y", "%m%d%Y", "%Y%m", "%m%d", "%Y")
        ]
    suffix = str(getattr(user, "id_number_suffix", "") or "").strip()
    if suffix:
        words += [suffix, suffix[-4:]]
    return words


class ZxcvbnValidator:
    """Refuses passwords whose zxcvbn score is below `min_score` (3: "safely unguessable")."""

    def __init__(self, min_score: int = 3) -> None:
        self.min_score = min_score

    def validate(self, password: str, user: Any = None) -> None:
        inputs = user_inputs(user) if user is not None else []
        result = zxcvbn(password[:MAX_SCORED_CHARS], user_inputs=inputs)
        if result["score"] < self.min_score:
            raise ValidationError(
                _(
                    "This password is too easy to guess. Use a few unrelated words, and nothing "
                    "about yourself such as your name, email address or phone number."
                ),
                code="password_too_guessable",
            )

    def get_help_text(self) -> str:
        return _("Your password must be hard to guess: a few unrelated words work well.")


def password_validate(*, password: str, user: Any) -> None:
    """Run every configured validator; raise ValidationFailed listing what is wrong."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        messages = [str(message) for message in exc.messages]
        raise ValidationFailed(" ".join(messages), fields={"password": messages}) from exc


_SEPARATORS = re.compile(r"[\s\-./_:,]+")
# A mailbox name shorter than this ("demo", "li") is too ordinary a word to refuse on its own;
# zxcvbn still counts it as known.
MIN_EMAIL_FRAGMENT = 5
_BIRTH_FORMATS = ("%Y%m%d", "%d%m%Y", "%m%d%Y", "%y%m%d", "%d%m%y", "%m%d%y")


def _fragments(user: Any) -> list[tuple[str, str]]:
    """(code, fragment) pairs a password must not contain, casefolded, separators dropped."""
    found: list[tuple[str, str]] = []
    birth = getattr(user, "birth_date", None)
    if birth is not None:
        found += [("birthday", birth.strftime(pattern)) for pattern in _BIRTH_FORMATS]
    digits = re.sub(r"\D", "", str(getattr(user, "phone", "") or ""))
    if len(digits) >= 4:
        national = digits[2:] if digits.startswith("86") else digits
        found += [("phone", part) for part in {digits, national, digits[-8:], digits[-4:]}]
    suffix = re.sub(r"\W", "", str(getattr(user, "id_number_suffix", "") or "")).casefold()
    if len(suffix) >= 4:
        found += [("id_number", suffix), ("id_number", suffix[-4:])]
    name = _SEPARATORS.sub("", str(getattr(user, "display_name", "") or "")).casefold()
    if len(name) >= 2:
        found.append(("name", name))
    for part in re.split(r"[\W_]+", str(getattr(user, "display_name", "") or "").casefold()):
        if len(part) >= 3:
            found.append(("name", part))
    local = _SEPARATORS.sub("", str(getattr(user, "email", "") or "").split("@")[0].casefold())
    if len(local) >= MIN_EMAIL_FRAGMENT:
        found.append(("email", local))
    raw_local = str(getattr(user, "email", "") or "").split("@")[0].casefold()
    found += [
        ("email", part)
        for part in re.split(r"[\W_\d]+", raw_local)
        if len(part) >= MIN_EMAIL_FRAGMENT and part != local
    ]
    return [(code, fragment) for code, fragment in found if fragment]


def _personal_messages() -> dict[str, str]:
    return {
        "birthday": _("Your password contains your date of birth."),
        "phone": _("Your password contains your phone number or its last digits."),
        "id_number": _("Your password contains digits of your ID number."),
        "name": _("Your password contains your name."),
        "email": _("Your password contains your email address."),
    }


class PersonalDataValidator:
    """Refuses a password that holds the account's own data: the date of birth (in the usual
    ways of writing it), the phone number or its last digits, the end of the ID number, the
    name as typed, the email address's local part. Separators and case do not hide them."""

    def validate(self, password: str, user: Any = None) -> None:
        # Wallet customers only (what the wallet's identity check knows); console users'
        # names and email are covered by UserAttributeSimilarityValidator and zxcvbn.
        if user is None or not hasattr(user, "wallet_account_ref"):
            return
        compact = _SEPARATORS.sub("", password.casefold())
        hits: list[str] = []
        for code, fragment in _fragments(user):
            if fragment in compact and code not in hits:
                hits.append(code)
        if hits:
            messages = _personal_messages()
            raise ValidationError(
                [ValidationError(messages[code], code=f"password_has_{code}") for code in hits]
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must not contain your date of birth, phone number, ID number, "
            "name or email address."
        )


def password_strength(*, password: str, user: Any) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4 (very hard), counting what is known about
    `user` (None: nothing) as already guessed."""
    if not password:
        return 0
    inputs = user_inputs(user) if user is not None else []
    return int(zxcvbn(password[:MAX_SCORED_CHARS], user_inputs=inputs)["score"])


def password_rules_unmet(*, password: str, user: Any) -> list[str]:
    """Every configured rule `password` does not meet yet, each as a sentence in the current
    language; empty when it would be accepted. For the live hints; `password_validate` stays
    the one that decides."""
    unmet: list[str] = []
    for validator in password_validation.get_default_password_validators():
        try:
            validator.validate(password, user)
        except ValidationError as exc:
            unmet.extend(str(message) for message in exc.messages)
    return unmet
