"""The email transport over real SMTP, against a server on loopback: what a server's answers
become — sent, retried (4xx, no connection) or failed for good (5xx)."""

from __future__ import annotations

from email import message_from_bytes
from typing import Any

import pytest

from tests.outbox.conftest import row
from tests.outbox.smtp_server import smtp_server
from tests.runtime.processes import free_port
from walletdesk.outbox.choices import DeliveryState, FailureReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any):
    with smtp_server() as (port, mailbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 10
        yield mailbox


def test_an_accepted_email_is_sent_with_its_threading_headers(smtp, enqueue):
    headers = {"In-Reply-To": "<c1@mail.example>", "Auto-Submitted": "no"}
    queued = enqueue(headers=headers, body="已到账。")
    assert row(queued).state == DeliveryState.SENT
    [data] = smtp.received
    received = message_from_bytes(data)
    assert received["Message-ID"] == queued.message_id
    assert received["In-Reply-To"] == "<c1@mail.example>"
    assert received["Auto-Submitted"] == "no"


def test_a_refused_recipient_fails_for_good(smtp, enqueue):
    smtp.rcpt_reply = "550 5.1.1 <xiaoming@example.com>: no such user"
    failed = row(enqueue())
    assert (failed.state, failed.error_code) == (
        DeliveryState.FAILED_PERMANENT,
        FailureReason.REFUSED,
    )
    assert failed.last_error == "SMTP 550 (recipient refused)"  # not the server's text
    assert smtp.received == []


def test_a_temporary_refusal_is_retried(smtp, enqueue):
    smtp.rcpt_reply = "451 4.7.1 greylisted, try again later"
    retrying = row(enqueue())
    assert (retrying.state, retrying.error_code) == (
        DeliveryState.FAILED_TRANSIENT,
        FailureReason.UNREACHABLE,
    )


def test_no_server_is_retried(settings, enqueue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    retrying = row(enqueue())
    assert retrying.state == DeliveryState.FAILED_TRANSIENT
    assert retrying.last_error == "ConnectionRefusedError"
