"""Attachment checks: size and type limits decided from the bytes, not from what the sender says."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from walletdesk.core.errors import ValidationFailed

MAX_FILES_PER_MESSAGE = 5

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]
_TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff_content_type(filename: str, content: bytes) -> str | None:
    """The real type of a permitted file, or None when the file is not one we accept."""
    for magic, content_type in _MAGIC:
        if content.startswith(magic):
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    suffix = PurePath(filename).suffix.lower()
    if suffix in _TEXT_TYPES and b"\x00" not in content:
        for encoding in ("utf-8", "gb18030"):
            try:
                content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _TEXT_TYPES[suffix]
    return None


def clean_filename(filename: str) -> str:
    name = unicodedata.normalize("NFC", PurePath(filename.replace("\\", "/")).name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    return name[:200] or "attachment"


def check_uploads(uploads: list[Upload]) -> list[CheckedUpload]:
    if len(uploads) > MAX_FILES_PER_MESSAGE:
        raise ValidationFailed(
            _("Attach at most %(count)d files to one message.") % {"count": MAX_FILES_PER_MESSAGE}
        )
    checked: list[CheckedUpload] = []
    limit: int = settings.ATTACHMENT_MAX_BYTES
    for upload in uploads:
        name = clean_filename(upload.filename)
        if len(upload.content) == 0:
            raise ValidationFailed(_("The file %(name)s is empty.") % {"name": name})
        if len(upload.content) > limit:
            raise ValidationFailed(
                _("The file %(name)s is larger than %(mb)d MB.")
                % {"name": name, "mb": limit // (1024 * 1024)}
            )
        content_type = sniff_content_type(name, upload.content)
        if content_type is None:
            raise ValidationFailed(
                _("The file %(name)s is not an image, PDF, CSV or text file.") % {"name": name}
            )
        checked.append(
            CheckedUpload(
                filename=name,
                content=upload.content,
                content_type=content_type,
                sha256=hashlib.sha256(upload.content).hexdigest(),
            )
        )
    return checked
