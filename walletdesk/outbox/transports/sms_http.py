"""SMS through a generic HTTP provider API.

Turn it on with
`WALLETDESK_OUTBOX_TRANSPORTS=sms=walletdesk.outbox.transports.sms_http.HttpSmsTransport`
and `WALLETDESK_SMS_HTTP_URL`, `WALLETDESK_SMS_HTTP_KEY`, `WALLETDESK_SMS_HTTP_SECRET`
(`WALLETDESK_SMS_HTTP_TIMEOUT`, seconds, default 10). The file fake (`sms.FileSmsTransport`)
stays the default.

The request, one per text:

    POST <WALLETDESK_SMS_HTTP_URL>
    Content-Type: application/json
    Authorization: Bearer <WALLETDESK_SMS_HTTP_KEY>
    Idempotency-Key: <the delivery's key>
    X-WalletDesk-Timestamp: <unix seconds>
    X-WalletDesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body bytes>", keyed by
                            WALLETDESK_SMS_HTTP_SECRET>

    {"to": "+8613800138000", "text": "...", "reference": "<the delivery's key>"}

The provider answers 2xx with JSON holding its id for the message (`id` or `message_id`); the
timestamp in the signed text lets it refuse a replayed request. What follows from the status:

    2xx                      sent; the provider's id is recorded
    408, 425, 429, 5xx       transient: retried with backoff
    other 4xx                permanent: the provider will not take this message
    no connection, timeout   transient

Nothing the provider is told is logged, and the error kept for operators holds only a status
code or an exception's class, never the number or the text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings

from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports.base import Transport, TransportError, require_recipient

SIGNATURE_HEADER = "X-WalletDesk-Signature"
TIMESTAMP_HEADER = "X-WalletDesk-Timestamp"
_RETRYABLE_4XX = {408, 425, 429}
_MAX_ANSWER_BYTES = 64 * 1024


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class HttpSmsTransport(Transport):
    def __init__(self) -> None:
        self.url = str(getattr(settings, "SMS_HTTP_URL", "") or "")
        self.key = str(getattr(settings, "SMS_HTTP_KEY", "") or "")
        self.secret = str(getattr(settings, "SMS_HTTP_SECRET", "") or "")
        self.timeout = float(getattr(settings, "SMS_HTTP_TIMEOUT", 10) or 10)

    def send(self, delivery: Delivery) -> str:
        to = require_recipient(delivery)
        if not (self.url and self.key and self.secret):
            # A deployment mistake someone can fix: retried, not dropped.
            raise TransportError(
                "SMS HTTP provider not configured", reason=FailureReason.NOT_CONFIGURED
            )
        body = json.dumps(
            {"to": to, "text": delivery.body, "reference": delivery.key}, ensure_ascii=False
        ).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - the operator's configured https URL
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.key}",
                "Idempotency-Key": delivery.key,
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: sign(self.secret, timestamp, body),
            },
        )
        try:
            with _opener.open(request, timeout=self.timeout) as answer:
                status = int(answer.status)
                raw = answer.read(_MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            status = int(error.code)
            error.close()
            raise _for_status(status) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TransportError(
                f"SMS provider unreachable ({type(error).__name__})",
                reason=FailureReason.UNREACHABLE,
            ) from None
        if not 200 <= status < 300:
            raise _for_status(status)
        return f"sms-http:{_provider_id(raw) or delivery.key}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A provider never redirects a send: following one would hand the key to another host
    and turn the POST into a GET that loses the text. A 3xx is a permanent failure instead."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _for_status(status: int) -> TransportError:
    if status in _RETRYABLE_4XX or status >= 500:
        return TransportError(f"SMS provider answered {status}", reason=FailureReason.UNREACHABLE)
    return TransportError(
        f"SMS provider answered {status}", permanent=True, reason=FailureReason.REJECTED
    )


def _provider_id(raw: bytes) -> str:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return ""
    if not isinstance(answer, dict):
        return ""
    value = answer.get("id") or answer.get("message_id") or ""
    return str(value)[:100] if isinstance(value, (str, int)) else ""
