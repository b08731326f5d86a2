"""The one way in: `assistant_classify`."""

from __future__ import annotations

from walletdesk.assistant.contracts import Guess


def assistant_classify(text: str, *, language: str | None = None, articles: int = 3) -> Guess:
    """Read `text` (any length; only the first 2,000 characters count) and answer the guess.
    `language` ("zh-hans" / "en") is a hint; without it the text decides. Never raises for
    odd input: empty or meaningless text answers `other` with a low confidence and handover."""
    raise NotImplementedError
