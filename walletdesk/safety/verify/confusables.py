"""A small confusables skeleton: the letters a phishing address uses in place of ours.

`skeleton(text)` maps a text to the shape a reader sees, so "wаlletdesk" (Cyrillic а),
"WaIletDesk" (capital I for l), "wa11etdesk" (digit one) and "walletdesk" share one skeleton.
It follows the idea of Unicode's confusables (UTS #39) with a table written for what attackers
use against Latin brand names: Cyrillic and Greek look-alikes, full-width forms (NFKC folds
them first), digits for letters, and the letter pairs that read as one letter ("rn" for "m").
Both sides of a comparison go through it; it is never shown.
"""

from __future__ import annotations

import unicodedata

# One character → the Latin letter it passes for. Lower-case only: the text is case-folded
# first, so "I" arrives as "i" and both "i" and "l" fold to "l" (they look alike in many fonts).
_SINGLE: dict[str, str] = {
    # Digits that pass for letters
    "0": "o",
    "1": "l",
    "3": "e",
    "5": "s",
    "8": "b",
    "9": "g",
    # Latin letters that pass for other Latin letters
    "i": "l",
    "|": "l",
    "ı": "l",  # dotless i
    "ł": "l",
    "ĺ": "l",
    "ι": "l",  # Greek iota
    "í": "l",
    "ì": "l",
    "ï": "l",
    "à": "a",
    "á": "a",
    "â": "a",
    "ä": "a",
    "å": "a",
    "ã": "a",
    "ā": "a",
    "è": "e",
    "é": "e",
    "ê": "e",
    "ë": "e",
    "ē": "e",
    "ò": "o",
    "ó": "o",
    "ô": "o",
    "ö": "o",
    "õ": "o",
    "ø": "o",
    "ù": "u",
    "ú": "u",
    "û": "u",
    "ü": "u",
    "ķ": "k",
    "ś": "s",
    "š": "s",
    "ŵ": "w",
    # Cyrillic
    "а": "a",
    "в": "b",
    "с": "c",
    "ԁ": "d",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "l",
    "ї": "l",
    "ј": "j",
    "к": "k",
    "ӏ": "l",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "ѕ": "s",
    "т": "t",
    "у": "y",
    "ԝ": "w",
    "ѡ": "w",
    "х": "x",
    "ү": "y",
    "ɡ": "g",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "ѵ": "v",
    # Separators that vanish in a quick read
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}

# Letter pairs that read as one letter, applied after the single characters.
_PAIRS: tuple[tuple[str, str], ...] = (
    ("rn", "m"),
    ("vv", "w"),
    ("cl", "d"),
    ("nn", "m"),
)

_TABLE = str.maketrans(_SINGLE)


def folded(text: str) -> str:
    """NFKC (full-width and compatibility forms to their plain letters), then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def skeleton(text: str) -> str:
    """The shape of `text` a reader sees; equal skeletons look alike."""
    shape = folded(text).translate(_TABLE)
    # Combining marks (accents added as separate characters) do not change the shape.
    shape = "".join(
        ch for ch in unicodedata.normalize("NFD", shape) if not unicodedata.combining(ch)
    )
    for pair, letter in _PAIRS:
        shape = shape.replace(pair, letter)
    return shape


def scripts(text: str) -> set[str]:
    """The scripts of the letters in `text` (LATIN, CYRILLIC, GREEK, CJK…), by character name."""
    found: set[str] = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CJK") or name.startswith("HIRAGANA") or name.startswith("KATAKANA"):
            found.add("CJK")
        elif name:
            found.add(name.split(" ", 1)[0])
    return found


def damerau_distance(a: str, b: str, *, limit: int = 2) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap
    two neighbours), capped at `limit` (anything further answers `limit`)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)
