"""What the evidence bundle hands out: one ZIP and the digests that identify it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SCHEMA = "walletdesk.evidence"
SCHEMA_VERSION = 1
PDF_NAME = "evidence.pdf"
JSON_NAME = "evidence.json"
MANIFEST_NAME = "manifest.sha256"


@dataclass(frozen=True)
class Period:
    """Whole days in Beijing time, both ends included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class EvidenceBundle:
    """The download: `content` is the ZIP (evidence.pdf, evidence.json, manifest.sha256).
    `sha256` is the ZIP's digest, `manifest_sha256` the manifest's (it binds both files)."""

    filename: str
    content: bytes
    sha256: str
    manifest_sha256: str
    pdf_sha256: str
    json_sha256: str
    period: Period
    transaction_count: int
    generated_at: dt.datetime
    render_seconds: float
