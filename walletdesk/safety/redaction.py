"""The redaction hook every inbound text passes through before anything is stored.

A redactor takes one text (a message body, a subject, the steps a customer tried, a file name,
the raw payload a channel delivered) and returns the text to store plus what it found. The
default passes every text through unchanged; the sensitive-data firewall replaces it by naming
another callable in the `WALLETDESK_REDACTOR` setting (a dotted path), without touching any
caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_REDACTOR = "walletdesk.safety.redaction.pass_through"


@dataclass(frozen=True)
class Finding:
    """One thing a redactor took out: what kind of secret (e.g. "card_number", "otp") and in
    which field. Never the secret itself."""

    kind: str
    field: str


@dataclass(frozen=True)
class Redacted:
    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.findings)


# (text, field) -> Redacted. `field` names what the text is ("body", "subject", "raw_payload"…).
Redactor = Callable[[str, str], Redacted]


def pass_through(text: str, field: str) -> Redacted:
    """Store what was sent. The firewall issue replaces this with real detection."""
    return Redacted(text=text)


@cache
def _load(path: str) -> Redactor:
    redactor: Redactor = import_string(path)
    return redactor


def redact(text: str, *, field: str) -> Redacted:
    """Run the configured redactor over one text."""
    path: str = getattr(settings, "WALLETDESK_REDACTOR", "") or DEFAULT_REDACTOR
    result = _load(path)(text, field)
    if not isinstance(result, Redacted):
        raise TypeError(f"the redactor {path} must return a Redacted")
    # A redactor that changed the text but reported nothing would hide that it acted.
    if result.text != text and not result.findings:
        result = Redacted(text=result.text, findings=(Finding(kind="unspecified", field=field),))
    return result
