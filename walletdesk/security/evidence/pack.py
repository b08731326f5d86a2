"""The one download: a ZIP of the PDF, the JSON and a `sha256sum -c` manifest of both."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

from walletdesk.security.evidence.contracts import JSON_NAME, MANIFEST_NAME, PDF_NAME


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest(files: dict[str, bytes]) -> bytes:
    """`<digest>  <name>` per line: what `sha256sum -c manifest.sha256` checks."""
    return "".join(f"{sha256(content)}  {name}\n" for name, content in files.items()).encode()


def pack(*, pdf: bytes, json: bytes, at: dt.datetime) -> tuple[bytes, bytes]:
    """(zip, manifest). Entries carry `at` (Beijing wall time) as their date, so the same
    bundle packs to the same bytes."""
    files = {PDF_NAME: pdf, JSON_NAME: json}
    listing = manifest(files)
    stamp = (at.year, at.month, at.day, at.hour, at.minute, at.second - at.second % 2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**files, MANIFEST_NAME: listing}.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue(), listing
