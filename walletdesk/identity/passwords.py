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
from zxcvbn import zxcvbn

from walletdesk.core.errors import ValidationFailed

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
