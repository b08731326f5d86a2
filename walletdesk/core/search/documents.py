"""What a caller hands the search engine, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from walletdesk.core.search.segment import segmented

Weight = Literal["A", "B", "C", "D"]
WEIGHTS: tuple[Weight, ...] = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Field:
    """One piece of a document's text. A: titles, references, names; B: the main body;
    C: secondary text; D: text that should count least (contact details, ids). `shown` is
    False for text that must never appear in a snippet (a phone in several spellings)."""

    text: str
    weight: Weight = "B"
    shown: bool = True


@dataclass(frozen=True)
class Document:
    """One searchable thing of one `kind` ("ticket", "article"), keyed by its row id."""

    kind: str
    doc_id: int
    language: str
    fields: tuple[Field, ...]

    def columns(self) -> tuple[str, str, str, str]:
        """The segmented text of each weight, in WEIGHTS order: what both backends index."""
        parts: dict[Weight, list[str]] = {weight: [] for weight in WEIGHTS}
        for field in self.fields:
            parts[field.weight].append(segmented(field.text, self.language))
        a, b, c, d = (" ".join(parts[weight]) for weight in WEIGHTS)
        return a, b, c, d

    def original(self) -> str:
        """The text snippets are cut from: the shown fields, one paragraph each."""
        return "\n".join(field.text for field in self.fields if field.shown and field.text)


@dataclass(frozen=True)
class Hit:
    """A matching document; a higher score is a better match (comparable within one search)."""

    doc_id: int
    score: float
