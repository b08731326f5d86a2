"""The outbox's delivery states: retries with backoff, permanent failures, claims that keep two
deliverers from sending one row, and the sweep that makes a lost task harmless."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from huey.contrib.djhuey import HUEY

from tests.outbox.conftest import T0, row
from tests.outbox.transports import OutlivesItsClaim, SecondDelivererMidSend
from walletdesk.core import clock
from walletdesk.outbox.choices import DeliveryState, FailureReason
from walletdesk.outbox.services import (
    outbound_deliver,
    outbound_retry,
    outbound_sweep,
    retry_delay,
    scrub,
)

pytestmark = pytest.mark.django_db


def later(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_queued_email_is_sent_on_commit_with_its_stored_message_id(enqueue):
    queued = enqueue()
    sent = row(queued)
    assert sent.state == DeliveryState.SENT
    assert sent.attempts == 1
    assert sent.sent_at is not None
    assert queued.message_id.startswith("<")
    assert queued.message_id.endswith("@walletdesk.example>")
    assert sent.provider_message_id == queued.message_id
    assert len(mail.outbox) == 1
    assert mail.outbox[0].message()["Message-ID"] == queued.message_id


def test_nothing_is_sent_before_the_callers_transaction_commits(enqueue):
    queued = enqueue(send=False)
    assert row(queued).state == DeliveryState.QUEUED
    assert mail.outbox == []


def test_the_same_key_queues_one_row(enqueue):
    first = enqueue(key="once")
    again = enqueue(key="once", body="a different text")
    assert (again.id, again.created, first.created) == (first.id, False, True)
    assert again.message_id == first.message_id
    assert len(mail.outbox) == 1


def test_a_transient_failure_is_retried_with_backoff_and_then_sent(
    enqueue, use_transport, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    use_transport("email", "FailsTwice")
    with clock.frozen_at(T0):
        queued = enqueue()
    first = row(queued)
    assert first.state == DeliveryState.FAILED_TRANSIENT
    assert (first.attempts, first.error_code) == (1, FailureReason.UNREACHABLE)
    assert later(15) <= first.next_attempt_at <= later(30)  # half the first step, plus jitter
    # The retry's trigger is on the queue; the sweep would stand in for it.
    assert [task.args for task in HUEY.scheduled() if task.args == (queued.id,)]

    with clock.frozen_at(later(14)):
        assert outbound_deliver(outbound_id=queued.id) is None  # not due yet
        assert outbound_sweep() == 0
    assert row(queued).attempts == 1

    with clock.frozen_at(later(31)):
        assert outbound_deliver(outbound_id=queued.id) == DeliveryState.FAILED_TRANSIENT
    second = row(queued)
    assert later(31 + 30) <= second.next_attempt_at <= later(31 + 60)  # the step doubled

    with clock.frozen_at(later(31 + 61)):
        assert outbound_deliver(outbound_id=queued.id) == DeliveryState.SENT
    sent = row(queued)
    assert (sent.state, sent.attempts, sent.error_code, sent.last_error) == ("sent", 3, "", "")
    assert len(mail.outbox) == 1


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_CAP_SECONDS = 100
    for attempts, low, high in [(1, 15, 30), (2, 30, 60), (3, 50, 100), (50, 50, 100)]:
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(low <= delay <= high for delay in delays), (attempts, delays)
    assert len({retry_delay(3) for _ in range(20)}) > 1  # jittered: retries do not stampede


def test_a_permanent_error_fails_at_once_and_keeps_no_personal_data(enqueue, use_transport):
    use_transport("email", "Refuses")
    queued = enqueue(recipient="bob.secret@example.com")
    failed = row(queued)
    assert failed.state == DeliveryState.FAILED_PERMANENT
    assert (failed.attempts, failed.error_code) == (1, FailureReason.REFUSED)
    assert "550" in failed.last_error
    assert "bob.secret" not in failed.last_error
    assert "0013" not in failed.last_error
    with clock.frozen_at(clock.now() + dt.timedelta(days=1)):
        assert outbound_sweep() == 0  # never tried again by itself


def test_transient_failures_give_up_after_the_last_attempt(enqueue, use_transport, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    use_transport("email", "AlwaysDown")
    with clock.frozen_at(T0):
        queued = enqueue()
    for hours in (1, 2):
        with clock.frozen_at(later(hours * 3600)):
            outbound_sweep()
    failed = row(queued)
    assert (failed.state, failed.attempts) == (DeliveryState.FAILED_PERMANENT, 3)
    assert failed.error_code == FailureReason.UNREACHABLE


def test_a_transport_bug_is_a_transient_failure_without_the_exception_text(enqueue, use_transport):
    use_transport("email", "Crashes")
    failed = row(enqueue(recipient="leak@example.com"))
    assert failed.state == DeliveryState.FAILED_TRANSIENT
    assert failed.last_error == "ZeroDivisionError"


def test_an_admin_can_send_a_failed_message_again(enqueue, use_transport, settings):
    use_transport("email", "Refuses")
    queued = enqueue()
    settings.OUTBOX_TRANSPORTS = {}  # the address was fixed
    assert outbound_retry(outbound_ids=[queued.id]) == 1
    assert outbound_deliver(outbound_id=queued.id) == DeliveryState.SENT
    assert outbound_retry(outbound_ids=[queued.id]) == 0  # a sent message is never sent again
    assert len(mail.outbox) == 1


def test_a_second_deliverer_cannot_take_a_row_that_is_being_sent(enqueue, use_transport):
    SecondDelivererMidSend.second_results.clear()
    use_transport("email", "SecondDelivererMidSend")
    queued = enqueue()
    assert SecondDelivererMidSend.second_results == [None]  # it found the row claimed
    assert row(queued).state == DeliveryState.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_sends_a_row_whose_task_was_lost(enqueue):
    queued = enqueue(send=False)  # the commit's task never ran (queue down, process gone)
    assert row(queued).state == DeliveryState.QUEUED
    assert outbound_sweep() == 1
    assert row(queued).state == DeliveryState.SENT
    assert len(mail.outbox) == 1
    assert outbound_sweep() == 0


def test_a_claim_left_by_a_crashed_deliverer_expires_and_is_taken_over(
    enqueue, use_transport, settings
):
    settings.OUTBOX_LEASE_SECONDS = 300
    use_transport("email", "DiesMidSend")
    with clock.frozen_at(T0):
        queued = enqueue(send=False)
        with pytest.raises(SystemExit):
            outbound_deliver(outbound_id=queued.id)
    assert (row(queued).state, row(queued).attempts) == (DeliveryState.SENDING, 1)
    with clock.frozen_at(later(299)):
        assert outbound_sweep() == 0  # still held: its deliverer may be alive
    with clock.frozen_at(later(301)):
        assert outbound_sweep() == 1
    taken_over = row(queued)
    assert (taken_over.state, taken_over.attempts) == (DeliveryState.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_deliverer_whose_claim_expired_does_not_overwrite_the_new_outcome(enqueue, use_transport):
    OutlivesItsClaim.takeover.clear()
    use_transport("email", "OutlivesItsClaim")
    with clock.frozen_at(T0):
        queued = enqueue(send=False)
        assert outbound_deliver(outbound_id=queued.id) is None  # its outcome was dropped
    assert OutlivesItsClaim.takeover == [DeliveryState.SENT]
    sent = row(queued)
    assert (sent.state, sent.attempts, sent.last_error) == (DeliveryState.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_error_details_lose_addresses_and_numbers():
    detail = scrub("550 <wang.xiaoming@example.com> refused;\ncall +86 138-0013-8000 now")
    assert detail == "550 <[address]> refused; call [number] now"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; SQLite's shared in-memory test database has none "
    "(the same race in one connection is test_a_second_deliverer_cannot_take_a_row_...)",
)
def test_two_concurrent_deliverers_send_a_row_once(enqueue, use_transport):

    from tests.outbox.transports import HeldOpen

    HeldOpen.inside.clear()
    HeldOpen.release.clear()
    HeldOpen.sends.clear()
    # Committed at once here (no test transaction), so the first attempt runs on enqueue: let
    # it fail, then race the retry.
    use_transport("email", "AlwaysDown")
    with clock.frozen_at(T0):
        queued = enqueue()
    use_transport("email", "HeldOpen")
    outcome: list[str | None] = []

    def first_deliverer() -> None:
        try:
            outcome.append(outbound_deliver(outbound_id=queued.id))
        finally:
            connections.close_all()

    with clock.frozen_at(later(3600)):
        worker = threading.Thread(target=first_deliverer)
        worker.start()
        try:
            assert HeldOpen.inside.wait(timeout=30)
            # The first holds the row mid-send; a second deliverer, on its own connection, races.
            assert outbound_deliver(outbound_id=queued.id) is None
            assert outbound_sweep() == 0
        finally:
            HeldOpen.release.set()
            worker.join(timeout=30)
    assert outcome == [DeliveryState.SENT]
    assert HeldOpen.sends == [queued_key(queued.id)]
    assert row(queued).attempts == 2
    assert len(mail.outbox) == 1


def queued_key(outbound_id: int) -> str:
    from walletdesk.outbox.models import OutboundMessage

    return OutboundMessage.objects.get(pk=outbound_id).idempotency_key
