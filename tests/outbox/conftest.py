"""Outbox fixtures: fakes writing into this test's own folder, a fixed clock, helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from walletdesk.outbox.contracts import Envelope, Queued
from walletdesk.outbox.models import OutboundMessage
from walletdesk.outbox.services import outbound_enqueue

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def outbox_dir(settings: Any, tmp_path: Path) -> Path:
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.OUTBOX_TRANSPORTS = {}
    return Path(settings.OUTBOX_DIR)


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def use_transport(settings: Any) -> Callable[[str, str], None]:
    def use(channel: str, name: str) -> None:
        settings.OUTBOX_TRANSPORTS = {channel: f"tests.outbox.transports.{name}"}

    return use


@pytest.fixture
def enqueue(django_capture_on_commit_callbacks: Any) -> Callable[..., Queued]:
    """Queue an email the way a caller does, letting the on-commit delivery task run."""

    def enqueue(*, key: str = "k-1", send: bool = True, **fields: Any) -> Queued:
        envelope = Envelope(
            channel=fields.pop("channel", "email"),
            recipient=fields.pop("recipient", "xiaoming@example.com"),
            body=fields.pop("body", "Your top-up arrived."),
            subject=fields.pop("subject", "Top-up"),
            idempotency_key=key,
            source_message_id=fields.pop("source_message_id", None),
            **fields,
        )
        with django_capture_on_commit_callbacks(execute=send):
            return outbound_enqueue(envelope=envelope)

    return enqueue


def row(queued: Queued) -> OutboundMessage:
    return OutboundMessage.objects.get(pk=queued.id)
