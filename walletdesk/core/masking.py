"""Show enough of a contact detail or card to recognise it, never enough to copy it.

Every surface that shows customers to staff (console, API) masks through here, so a detail
looks the same wherever it appears, and a screenshot or a shoulder-surfer gets no more.
"""

from __future__ import annotations

import re

_MASK = "****"
_DIGITS = re.compile(r"\d")


def mask_email(email: str | None) -> str:
    """x***@example.com: the first character of the mailbox, then the domain."""
    if not email:
        return ""
    local, sep, domain = email.rpartition("@")
    if not sep or not local:
        return _MASK
    return f"{local[0]}***@{domain}"


def mask_phone(phone: str | None) -> str:
    """+86 138****8000 for a mainland mobile; otherwise the first and last digits only."""
    if not phone:
        return ""
    digits = "".join(_DIGITS.findall(phone))
    if phone.startswith("+86") and len(digits) == 13:
        national = digits[2:]
        return f"+86 {national[:3]}{_MASK}{national[-4:]}"
    if len(digits) < 8:
        return _MASK
    prefix = "+" if phone.startswith("+") else ""
    return f"{prefix}{digits[:3]}{_MASK}{digits[-4:]}"


def card_tail(masked_number: str) -> str:
    """•••• 1234. The wallet already sends only the last four digits; this keeps it so even if
    a gateway ever sent more."""
    digits = "".join(_DIGITS.findall(masked_number))
    return f"•••• {digits[-4:]}" if digits else "••••"
