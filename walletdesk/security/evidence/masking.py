"""Card numbers never leave in a bundle: any run of 13–19 digits that passes the Luhn check
(spaces and dashes allowed between them) becomes "•••• 1234", in every free text we include."""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_card_numbers(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return f"•••• {digits[-4:]}" if _luhn(digits) else match.group(0)

    return _CANDIDATE.sub(replace, text)
