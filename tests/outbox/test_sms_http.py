"""The HTTP SMS provider transport against a provider this test runs on loopback: the request
it signs (checked here with `hmac`), and what the answers become — sent with the provider's
id, failed for good (4xx), retried (5xx, 429, no connection, too slow)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.outbox.conftest import row
from tests.runtime.processes import free_port
from walletdesk.outbox.choices import DeliveryState, FailureReason

pytestmark = pytest.mark.django_db

KEY = "sk_test_key"
SECRET = "whsec_test_secret"
TRANSPORT = "walletdesk.outbox.transports.sms_http.HttpSmsTransport"


@dataclass
class Provider:
    status: int = 200
    answer: dict[str, Any] = field(default_factory=lambda: {"id": "msg_0001"})
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        provider = self.server.provider
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("X-WalletDesk-Timestamp", "")
        expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
        provider.received.append(
            {
                "auth": self.headers.get("Authorization"),
                "signature_ok": hmac.compare_digest(
                    self.headers.get("X-WalletDesk-Signature", ""),
                    "sha256=" + expected.hexdigest(),
                ),
                "fresh": abs(time.time() - int(timestamp or 0)) < 300,
                "idempotency": self.headers.get("Idempotency-Key"),
                "json": json.loads(body),
            }
        )
        if provider.delay:
            time.sleep(provider.delay)
        answer = json.dumps(provider.answer).encode()
        self.send_response(provider.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    provider: Provider


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    with _Server(("127.0.0.1", 0), _Handler) as server:
        server.provider = Provider()
        # A short poll: shutdown() waits for the loop's next look (0.5 s by default).
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        settings.OUTBOX_TRANSPORTS = {"sms": TRANSPORT}
        settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
        settings.SMS_HTTP_KEY = KEY
        settings.SMS_HTTP_SECRET = SECRET
        settings.SMS_HTTP_TIMEOUT = 2
        try:
            yield server.provider
        finally:
            server.shutdown()
            thread.join(timeout=10)


def _sms(enqueue: Any, **fields: Any) -> Any:
    return row(
        enqueue(
            channel="sms", recipient="+8613800138000", subject="", body="验证码 123456", **fields
        )
    )


def test_an_accepted_text_is_sent_signed_with_the_providers_id(
    provider: Provider, enqueue: Any
) -> None:
    sent = _sms(enqueue, key="code-7")
    assert sent.state == DeliveryState.SENT
    assert sent.provider_message_id == "sms-http:msg_0001"
    [request] = provider.received
    assert request["auth"] == f"Bearer {KEY}"
    assert request["signature_ok"]
    assert request["fresh"]
    assert request["json"] == {
        "to": "+8613800138000",
        "text": "验证码 123456",
        "reference": "code-7",
    }
    assert request["idempotency"] == "code-7"


@pytest.mark.parametrize("status", [400, 401, 403, 422])
def test_a_4xx_fails_for_good(provider: Provider, enqueue: Any, status: int) -> None:
    provider.status = status
    provider.answer = {"error": "invalid number +8613800138000"}
    failed = _sms(enqueue)
    assert (failed.state, failed.error_code) == (
        DeliveryState.FAILED_PERMANENT,
        FailureReason.REJECTED,
    )
    assert failed.last_error == f"SMS provider answered {status}"  # nothing the provider said


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_a_5xx_or_429_is_retried(provider: Provider, enqueue: Any, status: int) -> None:
    provider.status = status
    retrying = _sms(enqueue)
    assert (retrying.state, retrying.error_code) == (
        DeliveryState.FAILED_TRANSIENT,
        FailureReason.UNREACHABLE,
    )


def test_a_provider_too_slow_to_answer_is_retried(
    provider: Provider, enqueue: Any, settings: Any
) -> None:
    settings.SMS_HTTP_TIMEOUT = 1
    provider.delay = 1.5
    retrying = _sms(enqueue)
    assert retrying.state == DeliveryState.FAILED_TRANSIENT
    assert retrying.last_error.startswith("SMS provider unreachable")


def test_no_provider_listening_is_retried(settings: Any, enqueue: Any) -> None:
    settings.OUTBOX_TRANSPORTS = {"sms": TRANSPORT}
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{free_port()}/v1/messages"
    settings.SMS_HTTP_KEY = KEY
    settings.SMS_HTTP_SECRET = SECRET
    retrying = _sms(enqueue)
    assert retrying.state == DeliveryState.FAILED_TRANSIENT
    assert retrying.last_error == "SMS provider unreachable (URLError)"


def test_without_settings_nothing_is_sent_and_it_is_retried(settings: Any, enqueue: Any) -> None:
    settings.OUTBOX_TRANSPORTS = {"sms": TRANSPORT}
    settings.SMS_HTTP_URL = ""
    retrying = _sms(enqueue)
    assert (retrying.state, retrying.error_code) == (
        DeliveryState.FAILED_TRANSIENT,
        FailureReason.NOT_CONFIGURED,
    )


def test_the_file_fake_stays_the_default(settings: Any, enqueue: Any, outbox_dir: Any) -> None:
    settings.OUTBOX_TRANSPORTS = {}
    sent = _sms(enqueue, key="fake-1")
    assert sent.state == DeliveryState.SENT
    assert (outbox_dir / "sms" / "fake-1.txt").exists()
