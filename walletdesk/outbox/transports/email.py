"""Email through Django's configured email backend: SMTP when `WALLETDESK_SMTP_HOST` is set,
else readable `.eml` files in `OUTBOX_DIR/email/` (`walletdesk.outbox.mailfiles`).

The Message-ID, In-Reply-To, References and Auto-Submitted headers were decided when the message
was queued and are stored with it, so every attempt sends the same Message-ID.

Delivery over SMTP is at least once: if the server accepts the message and the process dies
before the row records it, the sweep sends it again. The copy carries the same Message-ID, which
receiving servers and mail clients use to drop duplicates. The file backend is exactly once: a
second send replaces the same file.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, TransportError, require_recipient

PERMANENT_SMTP_CODES = range(500, 600)


def _smtp_error(code: int, what: str) -> TransportError:
    # Only the code: a server's text often repeats the address it refused.
    permanent = code in PERMANENT_SMTP_CODES
    return TransportError(
        f"SMTP {code} ({what})",
        permanent=permanent,
        reason=FailureReason.REFUSED if permanent else FailureReason.UNREACHABLE,
    )


class EmailTransport(Transport):
    def send(self, delivery: Delivery) -> str:
        to = require_recipient(delivery)
        message_id = delivery.headers.get("Message-ID", "")
        if not message_id:
            raise TransportError("no Message-ID was stored", permanent=True)
        message = EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers=dict(delivery.headers),
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            raise _smtp_error(min(codes) if codes else 550, "recipient refused") from None
        except smtplib.SMTPResponseException as error:
            raise _smtp_error(error.smtp_code, type(error).__name__) from None
        except (smtplib.SMTPException, OSError) as error:
            raise TransportError(type(error).__name__, reason=FailureReason.UNREACHABLE) from None
        return message_id
