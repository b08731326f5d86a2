"""Phone numbers, parsed in one place with `phonenumbers` (Google's libphonenumber).

Everything that stores, looks up or counts by a phone number goes through `phone_e164`, so
"138 0013 8000", "+86-138-0013-8000", "008613800138000" and "＋８６ １３８…" are one number.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed

DEFAULT_REGION = "CN"
MAX_INPUT_CHARS = 40  # libphonenumber itself refuses more than 250; no phone is this long


class InvalidPhone(ValidationFailed):
    code = "invalid_phone"
    default_message = _("Enter a phone number in international form, e.g. +86 138 0013 8000.")


def phone_e164(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 (`+8613800138000`). Numbers without a country code are read as
    `region`'s; "00" is the international prefix. Raises InvalidPhone for anything that cannot
    be a phone number there (length and country code are checked, not whether it is in use)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or len(text) > MAX_INPUT_CHARS:
        raise InvalidPhone()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone() from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhone()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
