"""Recovery fixtures: a customer with personal data, reading the codes they would receive."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.test import Client

from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage

NEW_PASSWORD = "velvet-harbour-compass-71"


@pytest.fixture
def mei(make_customer: Callable[..., Customer]) -> Customer:
    customer = make_customer(
        display_name="Mei Lin", email="mei.lin@example.com", phone="+8613800138000"
    )
    customer.birth_date = dt.date(1990, 5, 17)
    customer.id_number_suffix = "05172X"
    customer.save(update_fields=["birth_date", "id_number_suffix"])
    return customer


@pytest.fixture(autouse=True)
def _undelivered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the outbox rows queued so a test can read what the customer would receive.
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)


def last_code(address: str) -> str:
    row = OutboundMessage.objects.filter(recipient=address, sensitive=True).order_by("-id").first()
    assert row is not None, f"no code was sent to {address}"
    match = re.search(r"\b(\d{6})\b", row.body)
    assert match
    return match.group(1)


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks: Callable[..., object]) -> Callable[[], object]:
    """`with run_tasks(): client.post(...)`: what runs on commit (the deferred code) runs."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            yield

    return run


def forgot(client: Client, identifier: str) -> object:
    return client.post("/password/forgot/", {"identifier": identifier})
