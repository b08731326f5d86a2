"""Contact details and card numbers, shown just enough to recognise them.

The same shapes as the console shows (x***@example.com, +86 138****8000, ****1234); the API
cannot import the console (they are sibling layers), so it keeps its own small copy.
"""

from __future__ import annotations

import re

_MASK = "****"
_NOT_DIGIT = re.compile(r"\D")


def mask_email(email: str) -> str:
    local, sep, domain = email.rpartition("@")
    if not sep or not local:
        return _MASK
    return f"{local[0]}***@{domain}"


def mask_phone(phone: str) -> str:
    digits = _NOT_DIGIT.sub("", phone)
    if phone.startswith("+86") and len(digits) == 13:
        national = digits[2:]
        return f"+86 {national[:3]}{_MASK}{national[-4:]}"
    if len(digits) < 8:
        return _MASK
    prefix = "+" if phone.startswith("+") else ""
    return f"{prefix}{digits[:3]}{_MASK}{digits[-4:]}"


def mask_card(masked_number: str) -> str:
    """Keep at most the last four digits, even if a gateway ever sent more."""
    digits = _NOT_DIGIT.sub("", masked_number)
    return f"{_MASK}{digits[-4:]}" if digits else _MASK
