"""Database ids arriving as text (paths, query strings, frames): only what a 64-bit id holds.

Python turns any run of digits into an int, but no database stores one past 2**63 - 1: such a
number must be "not found" or "invalid", never a database error (a 500).
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """The id in `text` (ASCII digits, 1 to MAX_ID), or None."""
    # "²".isdigit() is true but int("²") fails; the length check comes before int().
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def is_id(value: object) -> bool:
    """A decoded JSON value that is a usable id (bool is an int in Python; true is not an id)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


class IdConverter:
    """`<id:ticket_id>` in URL patterns: Django's `<int:…>` with the database's bound, so an
    over-long id does not match the route and answers 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValueError(value)  # Django reads this as "no match"
        return parsed

    def to_url(self, value: int) -> str:
        return str(value)


class KeyConverter:
    """`<key:key>` in URL patterns: a random key of 16 bytes as `secrets.token_urlsafe` writes
    it (22 URL-safe characters), e.g. a chat's. Anything else does not match and answers 404,
    whatever the method."""

    regex = "[A-Za-z0-9_-]{22}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
