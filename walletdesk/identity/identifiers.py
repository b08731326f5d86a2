"""One normaliser for every identifier a person signs in with.

Whatever is stored, looked up or counted by a rate limit goes through these, so look-alike
spellings are one identifier: `ｔｅｍｐ２` (full-width) and `𝐭𝐞𝐦𝐩𝟐` (mathematical bold) are
`temp2`, as Django's sign-in form (NFKC) already reads them; `+86 138-0013-8000` and
`008613800138000` are `+8613800138000`.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.phones import phone_e164

__all__ = ["normalise_email", "normalise_phone", "normalise_username", "rate_subject_text"]

normalise_phone = phone_e164


def normalise_username(raw: str) -> str:
    """NFKC (what Django's UsernameField does) and casefold: the key a username is counted by."""
    return unicodedata.normalize("NFKC", raw).strip().casefold()


def normalise_email(raw: str) -> str:
    """NFKC, trimmed, domain lower-cased (the local part is the mailbox owner's to define)."""
    value = unicodedata.normalize("NFKC", raw).strip()
    local, _sep, domain = value.rpartition("@")
    if not local or not domain or "." not in domain or any(ch.isspace() for ch in value):
        raise ValidationFailed(_("Enter a valid email address."))
    return f"{local}@{domain.lower()}"


def rate_subject_text(identifier: str) -> str:
    """The rate-limit key of an identifier that names no account: normalised as an email or
    phone when it is shaped like one, else as a username (so look-alikes still share it)."""
    text = unicodedata.normalize("NFKC", identifier).strip()
    try:
        if "@" in text:
            return "email:" + normalise_email(text).casefold()
        return "phone:" + normalise_phone(text)
    except ValidationFailed:
        return "text:" + "".join(ch for ch in text.casefold() if not ch.isspace())
