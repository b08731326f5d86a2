"""Readable files under `settings.OUTBOX_DIR/<channel>/`: where the fakes deliver.

One file per delivery, named by its idempotency key and written atomically (a temporary file,
then a rename), so sending the same delivery again replaces the same file: a crash between
sending and recording leaves exactly one copy. Folders 0700, files 0600: they hold personal data.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@._-]{0,100}$")


def outbox_dir(channel: str) -> Path:
    return Path(settings.OUTBOX_DIR) / channel


def file_name(key: str) -> str:
    """The key itself when it is a safe file name, else its hash: never a path."""
    if _SAFE_NAME.match(key) and ".." not in key:
        return key
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # created 0600
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def deliver_to_file(channel: str, key: str, text: str, *, suffix: str = ".txt") -> Path:
    path = outbox_dir(channel) / f"{file_name(key)}{suffix}"
    write_atomically(path, text.encode("utf-8"))
    return path
