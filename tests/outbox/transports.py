"""Transports for tests, selected through `settings.OUTBOX_TRANSPORTS` like an operator's own.
They decide from the delivery alone (its attempt number), so they hold no state between
tests; each wraps the product's real email transport (Django's locmem backend in tests)."""

from __future__ import annotations

import datetime as dt
import threading

from walletdesk.outbox.choices import FailureReason
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.services import outbound_deliver
from walletdesk.outbox.transports.base import TransportError
from walletdesk.outbox.transports.email import EmailTransport


class FailsTwice(EmailTransport):
    """A mail server that is down for the first two attempts (SMTP 451), then accepts."""

    def send(self, delivery: Delivery) -> str:
        if delivery.attempt <= 2:
            raise TransportError("SMTP 451 (try later)", reason=FailureReason.UNREACHABLE)
        return super().send(delivery)


class AlwaysDown(EmailTransport):
    def send(self, delivery: Delivery) -> str:
        raise TransportError("SMTP 421 (service not available)", reason=FailureReason.UNREACHABLE)


class Refuses(EmailTransport):
    """The recipient's server refuses the address for good — and says which, as servers do."""

    def send(self, delivery: Delivery) -> str:
        raise TransportError(
            f"SMTP 550 5.1.1 <{delivery.recipient}> user unknown, call +86 138 0013 8000",
            permanent=True,
            reason=FailureReason.REFUSED,
        )


class Crashes(EmailTransport):
    """A transport with a bug: an exception that is not a TransportError."""

    def send(self, delivery: Delivery) -> str:
        raise ZeroDivisionError(delivery.recipient)


class SecondDelivererMidSend(EmailTransport):
    """While this send is in progress, a second deliverer tries the same row."""

    second_results: list[str | None] = []

    def send(self, delivery: Delivery) -> str:
        SecondDelivererMidSend.second_results.append(outbound_deliver(outbound_id=delivery.id))
        return super().send(delivery)


class HeldOpen(EmailTransport):
    """Stops mid-send until the test lets it go, so another thread can race it."""

    inside = threading.Event()
    release = threading.Event()
    sends: list[str] = []

    def send(self, delivery: Delivery) -> str:
        HeldOpen.sends.append(delivery.key)
        HeldOpen.inside.set()
        assert HeldOpen.release.wait(timeout=30)
        return super().send(delivery)


class DiesMidSend(EmailTransport):
    """The deliverer's process ends in the middle of the first send (what SIGKILL does, minus
    the process): nothing is recorded, the row stays claimed."""

    def send(self, delivery: Delivery) -> str:
        if delivery.attempt == 1:
            raise SystemExit("killed")
        return super().send(delivery)


class OutlivesItsClaim(EmailTransport):
    """The first attempt hangs past its claim; meanwhile another deliverer takes the row over
    and sends it. Then the first attempt fails: its outcome must not overwrite "sent"."""

    def send(self, delivery: Delivery) -> str:
        if delivery.attempt == 1:
            from django.conf import settings

            from walletdesk.core import clock

            after_the_claim = clock.now() + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
            with clock.frozen_at(after_the_claim):
                OutlivesItsClaim.takeover.append(outbound_deliver(outbound_id=delivery.id))
            raise TransportError("SMTP 421 (timed out)")
        return super().send(delivery)

    takeover: list[str | None] = []
