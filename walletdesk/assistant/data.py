"""The labelled utterances the assistant learns from, and any CSV in the same shape.

Ours live in `data/utterances.<language>.csv` (columns `text,category`; the category is a
stable problem-type code). The holdout split is deterministic: the last 20 % of each
category's rows, in file order, so the bench and the tests measure the same thing every time.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from walletdesk.vocab.choices import Language

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = (Language.ZH_HANS.value, Language.EN.value)
REQUIRED_COLUMNS = ("text", "category")


class DataError(ValueError):
    """A CSV that cannot be read as labelled utterances: the message says why."""


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    language: str = ""


def read_csv(path: Path, *, language: str = "") -> list[Example]:
    if not path.is_file():
        raise DataError(_("%(path)s: no such file.") % {"path": path})
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise DataError(
                    _("%(path)s: the column(s) %(columns)s are missing.")
                    % {"path": path, "columns": ", ".join(missing)}
                )
            rows = [
                Example((row["text"] or "").strip(), (row["category"] or "").strip(), language)
                for row in reader
            ]
    except UnicodeDecodeError as exc:
        raise DataError(_("%(path)s: this is not UTF-8 text.") % {"path": path}) from exc
    except csv.Error as exc:
        raise DataError(_("%(path)s: this is not a readable CSV file.") % {"path": path}) from exc
    return [row for row in rows if row.text and row.category]


def utterances(language: str | None = None) -> list[Example]:
    """Our own utterances, of one language or both (a missing file counts as empty)."""
    found: list[Example] = []
    for lang in LANGUAGES if language is None else (language,):
        path = DATA_DIR / f"utterances.{lang}.csv"
        if path.is_file():
            found.extend(read_csv(path, language=lang))
    return found


def split_per_label(
    examples: Sequence[Example], *, test_share: float = 0.2
) -> tuple[list[Example], list[Example]]:
    """(train, test): the last `test_share` of each label's rows, in their order, are the test."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[example.category].append(example)
    train: list[Example] = []
    test: list[Example] = []
    for rows in by_label.values():
        keep = len(rows) - round(len(rows) * test_share)
        train.extend(rows[:keep])
        test.extend(rows[keep:])
    return train, test


def texts_and_labels(examples: Iterable[Example]) -> tuple[list[str], list[str]]:
    pairs = [(e.text, e.category) for e in examples]
    return [t for t, _ in pairs], [c for _, c in pairs]
