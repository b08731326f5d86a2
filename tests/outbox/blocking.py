"""For the crash test only (tests/outbox/test_crash.py selects it through
WALLETDESK_OUTBOX_TRANSPORTS in a real worker process): sends the email — the fake outbox's
.eml file is written — then announces it is mid-send and blocks until the process is killed,
before the outbox could record the send."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.email import EmailTransport

MARKER = "blocked-mid-send"


class BlockingEmailTransport(EmailTransport):
    def send(self, delivery: Delivery) -> str:
        super().send(delivery)
        (Path(settings.OUTBOX_DIR) / MARKER).write_text(str(os.getpid()))
        while True:  # until SIGKILL
            time.sleep(1)
