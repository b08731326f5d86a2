"""A Django email backend for the embedded mode: each message becomes one readable `.eml` file
in `EMAIL_FILE_PATH`, named after its Message-ID and written atomically.

Django's own file backend names files by time and appends, so sending one message twice makes
two copies; here the second send replaces the first, which keeps the outbox's "exactly once
after a crash" true for mail in `make run`. Any mail client opens the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from walletdesk.outbox.transports.files import file_name, write_atomically


class EmailFileBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for email in email_messages:
            message = email.message()  # sets a Message-ID when the sender did not
            key = str(message["Message-ID"]).strip().strip("<>")
            write_atomically(self.directory / f"{file_name(key)}.eml", message.as_bytes())
            sent += 1
        return sent
